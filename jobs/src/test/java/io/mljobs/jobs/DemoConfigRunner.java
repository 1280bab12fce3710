package io.mljobs.jobs;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs jobs in the test JVM the way {@code scripts/mljobs} runs them, on the shipped demo config
 * ({@code conf/pipelines/demo}) with the warehouse and the demo data under a test's folder: every
 * job the jar registers, the real config loader, the real exit codes. Keeps the last run's output
 * for assertions.
 *
 * <pre>{@code
 * DemoConfigRunner demo = DemoConfigRunner.generating(tmp, 3, 300);
 * assertEquals(0, demo.run("generate-demo-data", DATE, "gen"), demo.err());
 * RunManifest manifest = demo.manifest();
 * }</pre>
 */
public final class DemoConfigRunner {
  private final Path folder;
  private final Map<String, String> defaults = new LinkedHashMap<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** A runner whose warehouse is {@code folder/warehouse} and demo data {@code folder/data}. */
  public DemoConfigRunner(Path folder) {
    this.folder = folder;
    defaults.put("mljobs.warehouse", warehouse().toString());
    defaults.put("mljobs.demo-data", folder.resolve("data").toString());
  }

  /** A runner whose demo generator makes {@code days} days of {@code rowsPerDay} rows each. */
  public static DemoConfigRunner generating(Path folder, int days, int rowsPerDay) {
    return new DemoConfigRunner(folder)
        .with("mljobs.jobs.generate-demo-data.days", Integer.toString(days))
        .with("mljobs.jobs.generate-demo-data.rows-per-day", Integer.toString(rowsPerDay));
  }

  /** Adds a config override ({@code --set key=value}) that every later run gets. */
  public DemoConfigRunner with(String key, String value) {
    defaults.put(key, value);
    return this;
  }

  /** The demo config with this runner's overrides, then {@code extra}'s. */
  private ConfigRequest config(Map<String, String> extra) {
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    Map<String, String> overrides = new LinkedHashMap<>(defaults);
    overrides.putAll(extra);
    return new ConfigRequest(root.resolve("conf/pipelines/demo"), "local", null, overrides);
  }

  /** Runs {@code job} for {@code date}; returns its exit code. */
  public int run(String job, LocalDate date, String runId) {
    return run(job, date, runId, Map.of());
  }

  /** Runs {@code job} for {@code date} with {@code extra} overrides; returns its exit code. */
  public int run(String job, LocalDate date, String runId, Map<String, String> extra) {
    return run(new JobInvocation(job, config(extra), date, runId, false));
  }

  private int run(JobInvocation invocation) {
    out.reset();
    err.reset();
    return new JobRunner(
            JobRegistry.discover(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(invocation);
  }

  /** What the last run printed to stdout. */
  public String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What the last run printed to stderr. */
  public String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** The manifest of the last run, from the "Run manifest: PATH" line it printed. */
  public RunManifest manifest() {
    String path =
        out()
            .lines()
            .filter(l -> l.contains("Run manifest: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no manifest line in:\n" + out() + err()))
            .split("Run manifest: ")[1];
    try {
      return ManifestJson.read(Files.readString(Path.of(path)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The warehouse folder. */
  public Path warehouse() {
    return folder.resolve("warehouse");
  }

  /** The path of a warehouse table named {@code schema.name}. */
  public String table(String name) {
    return warehouse().resolve(name.replace('.', '/')).toString();
  }
}
