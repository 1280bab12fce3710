package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, run headless as a subprocess on a local HTML file: the DOM after the page's
 * scripts ran ({@code --dump-dom}), or a screenshot. Each run gets its own profile folder. Fails
 * (never skips) when Chromium is not installed: {@code scripts/test.sh} installs it.
 */
final class HeadlessChromium {
  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;
  private final Path work;
  private int runs;

  private HeadlessChromium(Path binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /**
   * The browser named by {@code $MLJOBS_CHROMIUM}, else {@code chromium} on the PATH.
   *
   * @param work a scratch folder for profiles and output
   */
  static HeadlessChromium locate(Path work) {
    String name = ServiceEnv.get("MLJOBS_CHROMIUM", "chromium");
    Path named = Path.of(name);
    if (named.isAbsolute() && Files.isExecutable(named)) {
      return new HeadlessChromium(named, work);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return new HeadlessChromium(candidate, work);
      }
    }
    return fail(
        "Chromium ('"
            + name
            + "') is not installed or not on the PATH; the HTML report is tested in a real browser."
            + " Run scripts/services/chromium install (or set MLJOBS_CHROMIUM to its binary).");
  }

  /**
   * One finished browser run.
   *
   * @param exitCode the process's exit status
   * @param stdout what it printed (the DOM for {@code --dump-dom})
   * @param stderr its log ({@code --enable-logging=stderr}), console messages included
   */
  record Run(int exitCode, String stdout, String stderr) {
    /**
     * Console lines of uncaught errors that Chromium logged ({@code CONSOLE ... "Uncaught ..."}).
     */
    List<String> uncaughtInLog() {
      return stderr
          .lines()
          .filter(l -> l.contains(":CONSOLE") && l.contains("\"Uncaught"))
          .toList();
    }
  }

  /** Loads {@code page} and returns its serialized DOM once its scripts ran. */
  Run dumpDom(Path page) throws IOException, InterruptedException {
    return run(page, List.of("--dump-dom"));
  }

  /** Loads {@code page} and writes a 1280×2000 PNG screenshot of it to {@code png}. */
  Run screenshot(Path page, Path png) throws IOException, InterruptedException {
    return run(page, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,2000"));
  }

  private Run run(Path page, List<String> action) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(work.resolve("chromium-" + ++runs));
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--user-data-dir=" + dir.resolve("profile"),
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000"));
    command.addAll(action);
    command.add(page.toAbsolutePath().toUri().toString());
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail(
          "Chromium did not finish within "
              + TIMEOUT_SECONDS
              + "s: "
              + String.join(" ", command)
              + "\n"
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
