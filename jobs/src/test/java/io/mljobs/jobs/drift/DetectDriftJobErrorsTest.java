package io.mljobs.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * detect-drift's failures through the job runner, each with its exit code and a message that says
 * what to fix: config errors (exit 2, before Spark starts) name the key; a missing table or a
 * reference version beyond the table's latest end the run with exit 1.
 */
@ExtendWith(SharedSpark.class)
class DetectDriftJobErrorsTest {
  static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 5);

  /** The dataset's section as config errors name it (a named section's key is quoted). */
  static final String KEY = "mljobs.jobs.detect-drift.datasets.\"payments\"";

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** A pipeline whose only drift dataset, payments, has {@code dataset} as its body. */
  static String pipeline(String dataset, String job) {
    return "mljobs {\n  pipeline = drift-test\n  jobs.detect-drift {\n"
        + job
        + "\n    datasets.payments {\n      table = \"silver.payments\"\n"
        + dataset
        + "\n    }\n  }\n}\n";
  }

  /** Runs detect-drift on {@code conf} for {@link #RUN_DATE} with a warehouse in {@code tmp}. */
  static int detectDrift(
      Path tmp, String conf, ByteArrayOutputStream out, ByteArrayOutputStream err)
      throws Exception {
    out.reset();
    err.reset();
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    Path dir = Files.createDirectories(tmp.resolve("pipeline"));
    Files.writeString(dir.resolve("pipeline.conf"), conf);
    ConfigRequest config =
        new ConfigRequest(
            dir,
            "local",
            root.resolve("conf"),
            Map.of("mljobs.warehouse", tmp.resolve("warehouse").toString()));
    return new JobRunner(
            JobRegistry.of(new DetectDriftJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(new JobInvocation("detect-drift", config, RUN_DATE, "drift-test", false));
  }

  private int run(String dataset, String job) throws Exception {
    return detectDrift(tmp, pipeline(dataset, job), out, err);
  }

  @Test
  void anUnknownReferenceTypeNamesTheKeyAndTheChoices() throws Exception {
    assertEquals(
        2, run("date-column = _run_date\nreference { type = last-week }", ""), err.toString());
    assertTrue(
        err.toString()
            .contains(
                "Config key '"
                    + KEY
                    + ".reference.type' must be one of [date-range, previous-periods,"
                    + " table-version], but is 'last-week'"),
        err.toString());
  }

  @Test
  void aBadBinningOrLogBaseNamesTheKeyAndTheChoices() throws Exception {
    String dataset = "date-column = _run_date\nreference { type = previous-periods }";
    assertEquals(2, run(dataset, "binning = deciles"), err.toString());
    assertTrue(
        err.toString()
            .contains(
                "Config key 'mljobs.jobs.detect-drift.binning' must be quantiles(n), sturges,"
                    + " doane or fixed(e0, e1, ...), but is 'deciles'."),
        err.toString());
    assertEquals(2, run(dataset, "binning = \"fixed(10, 5)\""), err.toString());
    assertTrue(
        err.toString().contains("needs increasing edges, but 5.0 follows 10.0"), err.toString());
    assertEquals(2, run(dataset, "log-base = 1"), err.toString());
    assertTrue(
        err.toString()
            .contains(
                "Config key 'mljobs.jobs.detect-drift.log-base' must be e or a number above 1"),
        err.toString());
    assertEquals(2, run(dataset, "mode = kll"), err.toString());
    assertTrue(err.toString().contains("mljobs.jobs.detect-drift.mode"), err.toString());
  }

  @Test
  void aTypoedKeyIsNamedWithTheNearestKnownKey() throws Exception {
    assertEquals(
        2,
        run(
            "date-column = _run_date\nreference { type = previous-periods }",
            "fail-on-drfit = true"),
        err.toString());
    assertTrue(
        err.toString().contains("Unknown config key 'mljobs.jobs.detect-drift.fail-on-drfit'"),
        err.toString());
    assertTrue(err.toString().contains("fail-on-drift"), "suggests the real key: " + err);

    assertEquals(
        2,
        run(
            "date-column = _run_date\ncolums = [amount]\nreference { type = previous-periods }",
            ""),
        err.toString());
    assertTrue(err.toString().contains("Unknown config key '" + KEY + ".colums'"), err.toString());
  }

  @Test
  void aPartitionReferenceWithoutADateColumnSaysWhatToSet() throws Exception {
    assertEquals(2, run("reference { type = date-range, from = 2026-11-01, to = 2026-11-03 }", ""));
    assertTrue(err.toString().contains(KEY + ".reference.type"), err.toString());
    assertTrue(err.toString().contains("set the dataset's date-column"), err.toString());
  }

  @Test
  void aMissingTableFailsTheRunAndSaysWhatToDo() throws Exception {
    assertEquals(
        1,
        run("date-column = _run_date\nreference { type = previous-periods }", ""),
        out + "\n" + err);
    String message = err.toString();
    assertTrue(message.contains("Table silver.payments (drift dataset payments)"), message);
    assertTrue(message.contains("does not exist at " + tmp.resolve("warehouse")), message);
    assertTrue(message.contains("Run the job that writes it first"), message);
    assertFalse(Files.exists(tmp.resolve("warehouse/quality/drift")), "nothing written");
  }

  @Test
  void aReferenceVersionBeyondTheLatestNamesBothAndTheKey(SparkSession spark) throws Exception {
    String table = tmp.resolve("warehouse/silver/payments").toString();
    spark.range(10).selectExpr("CAST(id AS DOUBLE) AS amount").write().format("delta").save(table);
    spark
        .range(10)
        .selectExpr("CAST(id AS DOUBLE) AS amount")
        .write()
        .format("delta")
        .mode("append")
        .save(table);

    assertEquals(1, run("reference { type = table-version, version = 7 }", ""), out + "\n" + err);
    assertTrue(
        err.toString()
            .contains(
                "Reference version 7 of silver.payments does not exist (latest is 1). Fix"
                    + " mljobs.jobs.detect-drift.datasets.payments.reference.version."),
        err.toString());
    assertFalse(Files.exists(tmp.resolve("warehouse/quality/drift")), "nothing written");
  }
}
