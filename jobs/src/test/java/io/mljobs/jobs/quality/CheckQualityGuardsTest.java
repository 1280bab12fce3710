package io.mljobs.jobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 1: a gate never replaces good data with nothing. A corrected delivery of a day
 * whose every row fails a row-level check used to print "gate passed: null row(s)", exit 0 and
 * empty that day's silver partition. Now: over {@code max-quarantine-fraction} the gate fails with
 * exit 3 naming the top reasons and promotes nothing; zero rows never replace silver rows unless
 * {@code allow-empty-promotion}; every message prints numbers.
 */
@ExtendWith(SharedSpark.class)
class CheckQualityGuardsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 6, 2);

  private static final String QUARANTINE_PIPELINE =
      """
      mljobs {
        pipeline = guards-test
        datasets.events {
          table = "bronze.events"
          partition-column = "_run_date"
          row-level = quarantine
          checks = [
            { type = range, column = amount, min = 0 }
            { type = pattern, column = code, regex = "^[A-Z]{3}$" }
          ]
        }
      }
      """;

  private static final String PLAIN_PIPELINE =
      """
      mljobs {
        pipeline = guards-test
        datasets.events {
          table = "bronze.events"
          partition-column = "_run_date"
          checks = [ { type = completeness, column = amount } ]
        }
      }
      """;

  @TempDir Path tmp;

  /** Replaces bronze's partition of {@code day} with rows {@code id, amount, code}. */
  private static void deliver(
      SparkSession spark, GatePipeline gate, LocalDate day, String valuesSql) {
    spark
        .sql(
            "SELECT id, amount, code, DATE'"
                + day
                + "' AS _run_date FROM VALUES "
                + valuesSql
                + " AS t(id, amount, code)")
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", "_run_date = DATE'" + day + "'")
        .partitionBy("_run_date")
        .save(gate.table("bronze.events"));
  }

  /** {@code n} rows {@code (i, amount, code)} for i in 0..n-1 ({@code i} in amount replaced). */
  private static String rows(int n, String amount, String code) {
    return rows(0, n, amount, code);
  }

  /** Rows {@code (i, amount, code)} for i in from..from+n-1. */
  private static String rows(int from, int n, String amount, String code) {
    StringBuilder sql = new StringBuilder();
    for (int i = from; i < from + n; i++) {
      sql.append(i == from ? "" : ", ")
          .append("(")
          .append(i)
          .append(", CAST(")
          .append(amount.replace("i", Integer.toString(i)))
          .append(" AS DOUBLE), '")
          .append(code)
          .append("')");
    }
    return sql.toString();
  }

  private static long silverRows(SparkSession spark, GatePipeline gate, LocalDate day) {
    return spark
        .read()
        .format("delta")
        .load(gate.table("silver.events"))
        .where("_run_date = DATE'" + day + "'")
        .count();
  }

  private static long latestVersion(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
  }

  @Test
  void aDeliveryWhoseRowsAllFailIsRefusedAndSilverKeepsTheDay(SparkSession spark) {
    GatePipeline gate = new GatePipeline(tmp, QUARANTINE_PIPELINE);
    deliver(spark, gate, DAY, rows(20, "i + 1", "EUR"));
    assertEquals(0, gate.checkQuality(DAY, "q-1"), gate.output());
    assertEquals(20, silverRows(spark, gate, DAY));
    assertTrue(gate.out().contains("20 row(s) promoted to silver.events"), gate.out());
    long silverVersion = latestVersion(spark, gate.table("silver.events"));

    // The re-delivery: every amount negative, and 5 codes malformed too.
    deliver(spark, gate, DAY, rows(15, "-1", "EUR") + ", " + rows(15, 5, "-2", "eu"));
    assertEquals(3, gate.checkQuality(DAY, "q-2"), gate.output());
    String out = gate.out();
    assertTrue(out.contains("gate FAILED for [events]"), out);
    assertTrue(
        out.contains(
            "20 of 20 row(s) (100.00%) would go to quarantine.events, over"
                + " max-quarantine-fraction 0.05 (5.00%); top reasons: range(amount) 20."),
        out);
    assertTrue(out.contains("mljobs.datasets.events.max-quarantine-fraction"), out);
    assertFalse(out.contains("null"), out);
    assertEquals(silverVersion, latestVersion(spark, gate.table("silver.events")));
    assertEquals(20, silverRows(spark, gate, DAY), "silver keeps the day's good rows");
    assertFalse(
        DeltaTable.isDeltaTable(spark, gate.table("quarantine.events")),
        "a failed gate quarantines nothing either");
    List<Row> judged =
        spark
            .sql(
                "SELECT status, metric FROM delta.`"
                    + gate.table("quality.check_results")
                    + "` WHERE run_id = 'q-2' AND check = 'max-quarantine-fraction'")
            .collectAsList();
    assertEquals("[[failure,1.0]]", judged.toString());

    // Allowing any share to quarantine still never empties the day...
    Map<String, String> anyShare = Map.of("mljobs.datasets.events.max-quarantine-fraction", "1.0");
    assertEquals(3, gate.checkQuality(DAY, "q-3", anyShare), gate.output());
    assertTrue(
        gate.out()
            .contains(
                "empty-promotion: 0 row(s) to promote would replace the 20 row(s)"
                    + " silver.events (`_run_date` = '2026-06-02') holds now; nothing was"
                    + " promoted. If the delivery really is empty, set"
                    + " mljobs.datasets.events.allow-empty-promotion = true"),
        gate.out());
    assertEquals(silverVersion, latestVersion(spark, gate.table("silver.events")));

    // ...unless it is explicitly allowed: then the day is emptied, and the numbers say 0.
    Map<String, String> allowed =
        Map.of(
            "mljobs.datasets.events.max-quarantine-fraction", "1.0",
            "mljobs.datasets.events.allow-empty-promotion", "true");
    assertEquals(0, gate.checkQuality(DAY, "q-4", allowed), gate.output());
    assertTrue(
        gate.out().contains("0 row(s) promoted to silver.events version 1; 20 row(s) to"),
        gate.out());
    assertFalse(gate.out().contains("null row"), gate.out());
    RunManifest manifest = gate.manifest();
    assertEquals(0L, ((Number) manifest.metrics().get("quality.events.promoted")).longValue());
    assertEquals(20L, ((Number) manifest.metrics().get("quality.events.quarantined")).longValue());
    assertEquals(0, silverRows(spark, gate, DAY));
  }

  @Test
  void aFewBadRowsStayUnderTheDefaultShareAndAreQuarantined(SparkSession spark) {
    GatePipeline gate = new GatePipeline(tmp, QUARANTINE_PIPELINE);
    deliver(spark, gate, DAY, rows(39, "i + 1", "EUR") + ", (99, CAST(-5 AS DOUBLE), 'EUR')");
    assertEquals(0, gate.checkQuality(DAY, "q-1"), gate.output());
    assertTrue(
        gate.out().contains("39 row(s) promoted to silver.events version 0; 1 row(s) to"),
        gate.out());
    assertEquals(39, silverRows(spark, gate, DAY));
    List<Row> quarantined =
        spark
            .sql(
                "SELECT rule, count(*) FROM delta.`"
                    + gate.table("quarantine.events")
                    + "` GROUP BY rule")
            .collectAsList();
    assertEquals("[[quality:range(amount),1]]", quarantined.toString());
    List<Row> judged =
        spark
            .sql(
                "SELECT status, metric FROM delta.`"
                    + gate.table("quality.check_results")
                    + "` WHERE check = 'max-quarantine-fraction'")
            .collectAsList();
    assertEquals("[[success,0.025]]", judged.toString());
  }

  @Test
  void anEmptyDeliveryNeverReplacesSilverRows(SparkSession spark) {
    GatePipeline gate = new GatePipeline(tmp, PLAIN_PIPELINE);
    deliver(spark, gate, DAY, rows(10, "i + 1", "EUR"));
    assertEquals(0, gate.checkQuality(DAY, "q-1"), gate.output());
    assertEquals(10, silverRows(spark, gate, DAY));

    // The day's delivery is emptied in bronze (a re-load that found no rows).
    DeltaTable.forPath(spark, gate.table("bronze.events")).delete("_run_date = DATE'" + DAY + "'");
    assertEquals(3, gate.checkQuality(DAY, "q-2"), gate.output());
    assertTrue(gate.out().contains("gate FAILED for [events]"), gate.out());
    assertTrue(
        gate.out().contains("0 row(s) to promote would replace the 10 row(s) silver.events"),
        gate.out());
    assertEquals(10, silverRows(spark, gate, DAY));
  }
}
