package io.mljobs.jobs.quality;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.RunManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

/**
 * Runs {@code check-quality} in the test JVM on a pipeline given as text, with the warehouse under
 * a test's folder: the real config loader, job runner and exit codes. Keeps the last run's output
 * (the runner's stdout and stderr, and what the job printed itself) and manifest.
 */
final class GatePipeline {
  private final Path folder;
  private final String pipeline;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  GatePipeline(Path folder, String pipeline) {
    this.folder = folder;
    this.pipeline = pipeline;
  }

  /** Runs check-quality for {@code date} as {@code runId} with {@code overrides} (--set). */
  int checkQuality(LocalDate date, String runId, Map<String, String> overrides) {
    out.reset();
    err.reset();
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    Path dir = folder.resolve("pipeline");
    PrintStream stdout = System.out;
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("pipeline.conf"), pipeline);
      Map<String, String> all = new java.util.LinkedHashMap<>(overrides);
      all.put("mljobs.warehouse", warehouse().toString());
      ConfigRequest config = new ConfigRequest(dir, "local", root.resolve("conf"), all);
      PrintStream captured = new PrintStream(out, true, StandardCharsets.UTF_8);
      // The job prints its per-dataset report on System.out; keep it with the runner's output.
      System.setOut(captured);
      return new JobRunner(
              JobRegistry.of(new CheckQualityJob()),
              captured,
              new PrintStream(err, true, StandardCharsets.UTF_8))
          .run(new JobInvocation("check-quality", config, date, runId, false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      System.setOut(stdout);
    }
  }

  int checkQuality(LocalDate date, String runId) {
    return checkQuality(date, runId, Map.of());
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Both streams, for assertion messages. */
  String output() {
    return out() + "\n" + err();
  }

  RunManifest manifest() {
    String path =
        out()
            .lines()
            .filter(l -> l.contains("Run manifest: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no manifest line in:\n" + output()))
            .split("Run manifest: ")[1];
    try {
      return ManifestJson.read(Files.readString(Path.of(path)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path warehouse() {
    return folder.resolve("warehouse");
  }

  String table(String name) {
    return warehouse().resolve(name.replace('.', '/')).toString();
  }
}
