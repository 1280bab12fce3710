package io.mljobs.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.testing.ConfigFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run ids name folders of the manifests: one that climbs out of the warehouse, or one too long to
 * be a file name, is refused with exit 2 before Spark starts and before the job runs.
 */
class RunIdValidationTest {
  private static final LocalDate DATE = LocalDate.of(2026, 11, 26);

  @TempDir Path tmp;
  private Path warehouse;
  private ConfigFixture conf;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicInteger jobRuns = new AtomicInteger();

  /** A job that only counts its runs: any run at all means the run id was not checked first. */
  final class CountingJob implements SparkJob<Object> {
    @Override
    public String name() {
      return "count-runs";
    }

    @Override
    public String description() {
      return "Counts its runs (test job).";
    }

    @Override
    public Object configure(Settings mljobs) {
      return new Object();
    }

    @Override
    public JobResult run(JobContext<Object> context) {
      jobRuns.incrementAndGet();
      return JobResult.ok("ran");
    }
  }

  @BeforeEach
  void setUp() {
    warehouse = tmp.resolve("warehouse");
    conf = ConfigFixture.create(tmp, warehouse);
  }

  private int run(String runId) {
    err.reset();
    JobRunner runner =
        new JobRunner(
            JobRegistry.of(new CountingJob()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return runner.run(new JobInvocation("count-runs", conf.request("local"), DATE, runId, false));
  }

  @Test
  void pathTraversalRunIdExitsTwoAndWritesNothingOutsideTheWarehouse() {
    Path escaped = tmp.resolve("x");
    // From the manifests' folder of this job and date up and over to tmp/x.
    String runId =
        warehouse.resolve("_manifests/count-runs/" + DATE).relativize(escaped).toString();
    assertEquals(2, run(runId));
    assertEquals(
        "ERROR: Option --run-id '"
            + runId
            + "' may hold only letters, digits, '.', '_' and '-', starting with a letter or digit"
            + " (it names a folder of the manifests, so no '/', '..' or ':'). For an Airflow run"
            + " id, replace the other characters, e.g. with '-'.",
        err.toString(StandardCharsets.UTF_8).strip());
    assertEquals(0, jobRuns.get(), "the job must not run");
    assertFalse(Files.exists(escaped), "nothing may be written at " + escaped);
    assertFalse(Files.exists(warehouse), "Spark never started, nothing was written");
  }

  @Test
  void runIdOfThreeThousandCharactersExitsTwoBeforeTheJobRuns() {
    assertEquals(2, run("r".repeat(3000)));
    assertEquals(
        "ERROR: Option --run-id is 3000 characters long; the limit is 128. Use a shorter id (it"
            + " names folders of the manifests).",
        err.toString(StandardCharsets.UTF_8).strip());
    assertEquals(0, jobRuns.get());
    assertFalse(Files.exists(warehouse));
  }

  @Test
  void ordinaryRunIdsAreAccepted() {
    for (String id :
        new String[] {"ingest-files_2026-11-26", "r1", "bench-1733360000123", "a".repeat(128)}) {
      assertEquals(id, RunIds.check(id));
    }
  }

  @Test
  void unsafeRunIdsAreRefusedNamingTheOption() {
    for (String id :
        new String[] {
          "..",
          ".hidden",
          "a/b",
          "a\\b",
          "manual__2026-11-26T00:00:00+00:00",
          "a b",
          "",
          "x\ny",
          "a".repeat(129)
        }) {
      ConfigError e = assertThrows(ConfigError.class, () -> RunIds.check(id), id);
      assertEquals("--run-id", e.key());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
      assertTrue(e.getMessage().startsWith("Option --run-id"), e.getMessage());
    }
  }
}
