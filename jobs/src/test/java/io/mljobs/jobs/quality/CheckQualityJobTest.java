package io.mljobs.jobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.DemoConfigRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * check-quality with the shipped demo config (conf/pipelines/demo/datasets.conf): the demo data
 * passes and is promoted to silver, one event date at a time; the same data with duplicate
 * transaction ids injected into one date fails that date's gate with exit code 3 and promotes
 * nothing of it; the metrics history keeps both runs of that date.
 */
@ExtendWith(SharedSpark.class)
class CheckQualityJobTest {
  private static final LocalDate DATE = LocalDate.of(2026, 11, 3);

  /** The event date the duplicates go to (the demo's three days end on DATE). */
  private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

  @TempDir Path tmp;
  private DemoConfigRunner demo;

  @BeforeEach
  void demoConfig() {
    demo = DemoConfigRunner.generating(tmp, 3, 300);
  }

  private int run(String job, String runId) {
    return demo.run(job, DATE, runId);
  }

  private String table(String name) {
    return demo.table(name);
  }

  @Test
  void theGatePromotesCleanDemoDataAndBlocksDuplicates(SparkSession spark) {
    assertEquals(0, run("generate-demo-data", "gen"), demo.err());
    assertEquals(0, run("ingest-files", "ingest"), demo.err());

    assertEquals(0, run("check-quality", "quality-1"), demo.err() + "\n" + demo.out());
    long bronze = spark.read().format("delta").load(table("bronze.pos_transactions")).count();
    var silver = spark.read().format("delta").load(table("silver.pos_transactions"));
    assertEquals(bronze, silver.count(), "every clean row is promoted");
    assertEquals(
        spark.read().format("delta").load(table("bronze.web_transactions")).count(),
        spark.read().format("delta").load(table("silver.web_transactions")).count());
    RunManifest first = demo.manifest();
    assertEquals("passed", first.metrics().get("quality.pos_transactions.gate"));
    assertTrue(
        first.inputs().stream()
            .anyMatch(i -> i.name().equals("bronze.pos_transactions") && i.version() != null),
        first.inputs().toString());
    System.out.println(
        "Spark jobs of the quality runs: " + first.metrics().get("quality_spark_jobs"));

    // Re-running the same run id adds nothing.
    long silverVersion = latestVersion(spark, "silver.pos_transactions");
    assertEquals(0, run("check-quality", "quality-1"), demo.err());
    assertEquals(silverVersion, latestVersion(spark, "silver.pos_transactions"));

    // Inject duplicate transaction ids into one event date of bronze: that date's gate fails and
    // its silver partition is untouched; the demo checks each date the ingest touched on its own.
    long bronzeOfDay =
        spark
            .read()
            .format("delta")
            .load(table("bronze.pos_transactions"))
            .where("event_date = DATE'" + DAY + "'")
            .count();
    spark
        .read()
        .format("delta")
        .load(table("bronze.pos_transactions"))
        .where("event_date = DATE'" + DAY + "'")
        .limit(5)
        .write()
        .format("delta")
        .mode("append")
        .save(table("bronze.pos_transactions"));
    assertEquals(3, run("check-quality", "quality-2"), demo.out());
    assertTrue(demo.out().contains("gate FAILED for [pos_transactions " + DAY + "]"), demo.out());
    assertEquals(
        bronzeOfDay,
        spark
            .read()
            .format("delta")
            .load(table("silver.pos_transactions"))
            .where("event_date = DATE'" + DAY + "'")
            .count(),
        "the failed date's silver partition is untouched");
    assertEquals(
        bronze, spark.read().format("delta").load(table("silver.pos_transactions")).count());

    List<Row> failedChecks =
        spark
            .sql(
                "SELECT check, status FROM delta.`"
                    + table("quality.check_results")
                    + "` WHERE run_id = 'quality-2' AND status = 'failure'")
            .collectAsList();
    assertEquals(1, failedChecks.size(), failedChecks.toString());
    assertEquals("uniqueness(transaction_id)", failedChecks.get(0).getString(0));

    // The metrics history has both runs (a restart reads what the first process wrote).
    List<Row> sizes =
        spark
            .sql(
                "SELECT run_id, value FROM delta.`"
                    + table("quality.metrics")
                    + "` WHERE dataset = 'pos_transactions' AND name = 'Size' AND run_date = DATE'"
                    + DAY
                    + "' ORDER BY run_id")
            .collectAsList();
    assertEquals(2, sizes.size(), sizes.toString());
    assertEquals("quality-1", sizes.get(0).getString(0));
    assertEquals(bronzeOfDay, (long) sizes.get(0).getDouble(1));
    assertEquals(bronzeOfDay + 5, (long) sizes.get(1).getDouble(1));
  }

  /**
   * Issue 12 item 7 on the demo config: the day's POS files delivered again under new names (a
   * re-delivery) used to reach silver as duplicate transaction ids, because uniqueness is checked
   * per run date. pos_transactions declares primary-key = [transaction_id] with on-duplicate-key =
   * quarantine: the whole re-delivery would go to quarantine, over max-quarantine-fraction, so the
   * gate fails with exit 3 and silver keeps one row per id.
   */
  @Test
  void theSameDeliveryUnderNewNamesIsNotPromotedTwice(SparkSession spark) throws Exception {
    assertEquals(0, run("generate-demo-data", "gen"), demo.err());
    assertEquals(0, run("ingest-files", "ingest"), demo.err());
    Map<String, String> posOnly =
        Map.of("mljobs.jobs.check-quality.datasets", "[pos_transactions]");
    assertEquals(0, demo.run("check-quality", DATE, "quality-1", posOnly), demo.err() + demo.out());
    long promoted = spark.read().format("delta").load(table("silver.pos_transactions")).count();

    Path pos = tmp.resolve("data/raw/pos");
    try (var files = Files.list(pos)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
        Files.copy(file, pos.resolve(file.getFileName().toString().replace(".csv", "_again.csv")));
      }
    }
    LocalDate next = DATE.plusDays(1);
    assertEquals(0, demo.run("ingest-files", next, "ingest-2"), demo.err());
    long redelivered =
        spark
            .read()
            .format("delta")
            .load(table("bronze.pos_transactions"))
            .where("_run_date = DATE'" + next + "'")
            .count();
    assertEquals(promoted, redelivered, "the re-delivery landed in bronze as new rows");

    // The copies land in the event dates of the originals (bronze is partitioned by event_date),
    // so each touched date holds every id twice: the key's uniqueness closes the gate there.
    assertEquals(3, demo.run("check-quality", next, "quality-2", posOnly), demo.out());
    assertTrue(demo.out().contains("gate FAILED for [pos_transactions 2026-11-0"), demo.out());
    assertTrue(
        demo.out().contains("uniqueness(transaction_id): uniqueness of transaction_id is 0.0000"),
        demo.out());
    var silver = spark.read().format("delta").load(table("silver.pos_transactions"));
    assertEquals(promoted, silver.count());
    assertEquals(promoted, silver.select("transaction_id").distinct().count());
  }

  private long latestVersion(SparkSession spark, String name) {
    return io.delta.tables.DeltaTable.forPath(spark, table(name))
        .history(1)
        .select("version")
        .first()
        .getLong(0);
  }
}
