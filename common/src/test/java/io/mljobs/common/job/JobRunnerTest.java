package io.mljobs.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.mljobs.common.config.Settings;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.OutputRecord;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.manifest.delta.DeltaManifestStore;
import io.mljobs.common.table.TableRef;
import io.mljobs.common.table.Warehouse;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class JobRunnerTest {
  private static final LocalDate DATE = LocalDate.of(2026, 11, 26);
  private static final TableRef TABLE = TableRef.of("bronze.numbers");

  @TempDir Path tmp;
  private Path warehouse;
  private ConfigFixture conf;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Writes `rows` numbers to bronze.numbers, or fails when asked to. */
  record WriterConfig(int rows, boolean fail) {}

  static final class WriterJob implements SparkJob<WriterConfig> {
    @Override
    public String name() {
      return "write-numbers";
    }

    @Override
    public String description() {
      return "Writes numbers (test job).";
    }

    @Override
    public WriterConfig configure(Settings mljobs) {
      Settings own = mljobs.section("jobs").sectionOrEmpty(name());
      return new WriterConfig(own.integer("rows", 3, 1), own.bool("fail", false));
    }

    @Override
    public JobResult run(JobContext<WriterConfig> context) {
      context.input(
          new InputRecord(
              "numbers", "generated", "range", null, Map.of("rows", context.config().rows())));
      var rows =
          context
              .spark()
              .range(context.config().rows())
              .withColumn("day", functions.lit(context.runDate().toString()));
      context.output(TABLE).append().execute(rows);
      if (context.config().fail()) {
        throw new IllegalStateException("disk on fire");
      }
      return JobResult.ok("wrote " + context.config().rows())
          .withMetric("rows", context.config().rows());
    }
  }

  /**
   * Thrown like a SIGKILL: the runner catches no Error, so the attempt ends without its manifest.
   */
  static final class SimulatedKill extends Error {
    private static final long serialVersionUID = 1L;
  }

  // Outside the config on purpose: the killed attempt and its re-run have the same config.
  private static volatile boolean killAfterFirstStep;

  /**
   * Writes bronze.step1 unless it exists (like a streaming checkpoint, a re-run does not redo
   * finished work), then bronze.step2.
   */
  static final class StepsJob implements SparkJob<Object> {
    @Override
    public String name() {
      return "write-steps";
    }

    @Override
    public String description() {
      return "Writes two tables in two steps (test job).";
    }

    @Override
    public Object configure(Settings mljobs) {
      return new Object();
    }

    @Override
    public JobResult run(JobContext<Object> context) {
      var rows = context.spark().range(2).toDF();
      if (!DeltaTable.isDeltaTable(context.spark(), context.pathOf(STEP1))) {
        context.output(STEP1).append().execute(rows);
      }
      if (killAfterFirstStep) {
        throw new SimulatedKill();
      }
      context.output(STEP2).append().execute(rows);
      return JobResult.ok("step 2 written");
    }
  }

  private static final TableRef STEP1 = TableRef.of("bronze.step1");
  private static final TableRef STEP2 = TableRef.of("bronze.step2");

  @BeforeEach
  void setUp() {
    warehouse = tmp.resolve("warehouse");
    conf = ConfigFixture.create(tmp, warehouse);
  }

  private int run(String runId, String... overrides) {
    return runJob("write-numbers", runId, overrides);
  }

  private int runJob(String job, String runId, String... overrides) {
    out.reset();
    err.reset();
    JobRunner runner =
        new JobRunner(
            JobRegistry.of(new WriterJob(), new StepsJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return runner.run(new JobInvocation(job, conf.request("local", overrides), DATE, runId, false));
  }

  private int rerun(String runId, String... overrides) {
    out.reset();
    err.reset();
    JobRunner runner =
        new JobRunner(
            JobRegistry.of(new WriterJob(), new StepsJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return runner.run(
        new JobInvocation(
            "write-numbers", conf.request("local", overrides), DATE, runId, false, true));
  }

  private List<RunManifest> manifests(SparkSession spark, String runId) {
    return new DeltaManifestStore(
            spark, new Warehouse(warehouse.toString()), TableRef.of("runs.manifests"), "_manifests")
        .findByRunId(runId);
  }

  @Test
  void runWritesOutputAndAManifestThatPinsEveryVersion(SparkSession spark) throws Exception {
    assertEquals(0, run("r1"), err.toString());

    String stdout = out.toString(StandardCharsets.UTF_8);
    assertTrue(stdout.contains("WRITE-NUMBERS 2026-11-26 (r1): OK - wrote 3"), stdout);
    String manifestPath =
        stdout
            .lines()
            .filter(l -> l.contains("Run manifest: "))
            .findFirst()
            .orElseThrow()
            .split("Run manifest: ")[1];
    RunManifest fromJson = ManifestJson.read(Files.readString(Path.of(manifestPath)));
    RunManifest fromTable = manifests(spark, "r1").get(0);
    assertEquals(fromJson, fromTable, "the JSON document and the runs table agree");

    assertEquals("succeeded", fromJson.status());
    assertEquals("write-numbers", fromJson.job());
    assertEquals("2026-11-26", fromJson.runDate());
    assertEquals("test", fromJson.pipeline());
    assertEquals(spark.version(), fromJson.sparkVersion());
    assertFalse(fromJson.code().commit().isBlank());
    assertEquals(List.of("numbers"), fromJson.inputs().stream().map(InputRecord::name).toList());
    OutputRecord output = fromJson.outputs().get(0);
    assertEquals("bronze.numbers", output.name());
    assertEquals(warehouse.resolve("bronze/numbers").toString(), output.location());
    assertEquals(0L, output.version());
    assertEquals(3L, output.rows());
    assertEquals(3, ((Number) fromJson.metrics().get("rows")).intValue());
    // A reader can go from the manifest to exactly the data the run wrote.
    assertEquals(
        3,
        spark
            .read()
            .format("delta")
            .option("versionAsOf", output.version())
            .load(output.location())
            .count());
  }

  @Test
  void rerunningTheSameRunIdAddsNoVersionAndNoRows(SparkSession spark) {
    assertEquals(0, run("same-run"));
    assertEquals(0, run("same-run"));

    String table = warehouse.resolve("bronze/numbers").toString();
    assertEquals(0L, DeltaTable.forPath(spark, table).history(1).first().getLong(0));
    assertEquals(3, spark.read().format("delta").load(table).count());
    List<RunManifest> attempts = manifests(spark, "same-run");
    assertEquals(2, attempts.size(), "each attempt leaves its own manifest");
    OutputRecord retried = attempts.get(1).outputs().get(0);
    assertTrue(retried.skipped());
    assertEquals(0L, retried.version(), "the retry points at the version the first attempt made");
    assertEquals(attempts.get(0).attemptId(), retried.committedBy(), "and at the attempt");
    assertEquals(
        attempts.get(0).configFingerprint(),
        attempts.get(1).configFingerprint(),
        "same config, same fingerprint");
    assertEquals(64, attempts.get(0).configFingerprint().length());

    assertEquals(0, run("another-run"));
    assertEquals(6, spark.read().format("delta").load(table).count(), "a new run id writes again");
  }

  @Test
  void failingJobExitsOneWithOneLineAndAFailedManifest(SparkSession spark) {
    assertEquals(1, run("bad", "mljobs.jobs.write-numbers.fail=true"));

    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        stderr.startsWith("ERROR: Job 'write-numbers' failed: IllegalStateException: disk on fire"),
        stderr);
    RunManifest manifest = manifests(spark, "bad").get(0);
    assertEquals("job-failed", manifest.status());
    assertEquals(1, manifest.exitCode());
    assertEquals("java.lang.IllegalStateException", manifest.error().type());
    assertEquals(1, manifest.outputs().size(), "what was written before the failure is recorded");
  }

  @Test
  void misspelledJobKeyExitsTwoBeforeSparkWork() {
    assertEquals(2, run("typo", "mljobs.jobs.write-numbers.rowz=5"));
    assertEquals(
        "ERROR: Unknown config key 'mljobs.jobs.write-numbers.rowz' (did you mean 'rows'?) in --set"
            + " mljobs.jobs.write-numbers.rowz. Known keys here: [fail, rows].",
        err.toString(StandardCharsets.UTF_8).strip());
    assertFalse(Files.exists(warehouse.resolve("bronze")));
  }

  @Test
  void misspelledTopLevelSectionIsNamed() {
    assertEquals(2, run("typo", "mljobs.warehous=/tmp/x"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .contains("Unknown config key 'mljobs.warehous' (did you mean 'warehouse'?)"),
        err.toString());
  }

  @Test
  void missingRequiredKeyExitsTwoNamingIt() {
    conf.write("env/local.conf", "mljobs.spark.profile = local");
    assertEquals(2, run("no-warehouse"));
    assertEquals(
        "ERROR: Missing config key 'mljobs.warehouse': set it in the pipeline or environment config,"
            + " or pass --set mljobs.warehouse=<value>.",
        err.toString(StandardCharsets.UTF_8).strip());
  }

  @Test
  void wrongTypeExitsTwo() {
    assertEquals(2, run("typo", "mljobs.jobs.write-numbers.rows=many"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .startsWith(
                "ERROR: Config key 'mljobs.jobs.write-numbers.rows' must be a whole number"),
        err.toString());
  }

  @Test
  void unwritableWarehouseExitsTwoAndSaysWhatToDo() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertEquals(2, run("wh", "mljobs.warehouse=" + file.resolve("warehouse")));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        stderr.startsWith(
            "ERROR: The warehouse '" + file.resolve("warehouse") + "' is not writable"),
        stderr);
    assertTrue(stderr.contains("--set mljobs.warehouse=<path>"), stderr);
  }

  @Test
  void unknownJobSuggestsTheNearestName() {
    int code = runJob("write-number", "x");
    assertEquals(2, code);
    assertEquals(
        "ERROR: Unknown job 'write-number' (did you mean 'write-numbers'?). Run 'list' to see the jobs.",
        err.toString(StandardCharsets.UTF_8).strip());
  }

  @Test
  void killedAttemptsCommitsAreListedByTheAttemptThatFinishesTheRun(SparkSession spark)
      throws Exception {
    killAfterFirstStep = true;
    try {
      org.junit.jupiter.api.Assertions.assertThrows(
          SimulatedKill.class, () -> runJob("write-steps", "steps"));
    } finally {
      killAfterFirstStep = false;
    }
    assertEquals(List.of(), manifests(spark, "steps"), "the killed attempt wrote no final row");

    assertEquals(0, runJob("write-steps", "steps"), err.toString());

    List<RunManifest> rows = manifests(spark, "steps");
    assertEquals(2, rows.size(), "the runs table has a row per attempt: " + rows);
    RunManifest killed =
        rows.stream().filter(m -> m.status().equals("unfinished")).findFirst().get();
    RunManifest finished =
        rows.stream().filter(m -> m.status().equals("succeeded")).findFirst().get();
    assertEquals(-1, killed.exitCode());
    assertEquals(
        List.of("bronze.step1 v0 by " + killed.attemptId()),
        killed.outputs().stream().map(JobRunnerTest::describe).toList());
    assertEquals(
        List.of(
            "bronze.step1 v0 by " + killed.attemptId(),
            "bronze.step2 v0 by " + finished.attemptId()),
        finished.outputs().stream().map(JobRunnerTest::describe).toList(),
        "the finishing attempt lists every version of the run, with the attempt that made it");
    String stdout = out.toString(StandardCharsets.UTF_8);
    assertTrue(
        stdout.contains(
            "OK - step 2 written; earlier attempts of this run committed 1 more output version(s):"
                + " bronze.step1 v0"),
        stdout);

    // A third attempt neither records the killed one again nor loses its outputs.
    assertEquals(0, runJob("write-steps", "steps"), err.toString());
    List<RunManifest> after = manifests(spark, "steps");
    assertEquals(3, after.size());
    assertEquals(
        List.of(
            "bronze.step1 v0 by " + killed.attemptId(),
            "bronze.step2 v0 by " + finished.attemptId() + " (skipped)"),
        after.get(2).outputs().stream().map(JobRunnerTest::describe).toList());
  }

  private static String describe(OutputRecord o) {
    return o.name()
        + " v"
        + o.version()
        + " by "
        + o.committedBy()
        + (o.skipped() ? " (skipped)" : "");
  }

  @Test
  void rerunUnderChangedConfigIsRefusedNamingTheKeysUntilRerunIsGiven(SparkSession spark) {
    String table = warehouse.resolve("bronze/numbers").toString();
    assertEquals(0, run("fixme"));
    // Session tuning and other jobs' sections do not make it another run.
    assertEquals(
        0,
        run("fixme", "mljobs.spark.shuffle-partitions=3", "mljobs.jobs.write-steps.anything=1"),
        err.toString());
    assertEquals(3, spark.read().format("delta").load(table).count());

    assertEquals(2, run("fixme", "mljobs.jobs.write-numbers.rows=5"));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, stderr.lines().count(), stderr);
    assertTrue(stderr.startsWith("ERROR: Run id 'fixme' already ran (attempt "), stderr);
    assertTrue(
        stderr.contains(
            ", succeeded, wrote bronze.numbers) with different config: mljobs.jobs.write-numbers.rows."
                + " Continuing it would skip those writes as already done. Add --rerun to run it"
                + " again as a new attempt that writes anew, or restore the earlier config."),
        stderr);
    assertEquals(3, spark.read().format("delta").load(table).count(), "nothing was written");

    assertEquals(0, rerun("fixme", "mljobs.jobs.write-numbers.rows=5"), err.toString());
    assertEquals(8, spark.read().format("delta").load(table).count(), "--rerun wrote anew");
    // The new attempt is now the run: the same (changed) config continues it idempotently.
    assertEquals(0, run("fixme", "mljobs.jobs.write-numbers.rows=5"), err.toString());
    assertEquals(8, spark.read().format("delta").load(table).count());
    List<RunManifest> attempts = manifests(spark, "fixme");
    RunManifest rerun = attempts.get(attempts.size() - 2);
    RunManifest continued = attempts.get(attempts.size() - 1);
    assertEquals("fixme~" + rerun.attemptId(), rerun.writeScope());
    assertEquals(rerun.writeScope(), continued.writeScope());
    assertTrue(continued.outputs().get(0).skipped());
    assertEquals(rerun.attemptId(), continued.outputs().get(0).committedBy());
    // ... and going back to the first config is now the change that needs --rerun.
    assertEquals(2, run("fixme"));
  }

  @Test
  void theSameRunIdOnAnotherRunDateIsRefused() {
    assertEquals(0, run("my-run"));
    out.reset();
    err.reset();
    JobRunner runner =
        new JobRunner(
            JobRegistry.of(new WriterJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    int code =
        runner.run(
            new JobInvocation(
                "write-numbers", conf.request("local"), DATE.plusDays(1), "my-run", false));
    assertEquals(2, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .contains("different config: --run-date (was 2026-11-26)"),
        err.toString());
  }
}
