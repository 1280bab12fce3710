package io.mljobs.jobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
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
 * Issue 12 item 7 (silver): the same data delivered twice under new names used to reach silver as
 * duplicate ids, because uniqueness is checked per run-date partition only. With {@code
 * primary-key}, promotion merges on the key across partitions ({@code on-duplicate-key = merge}) or
 * quarantines rows whose key is already in silver ({@code quarantine}); re-runs add nothing.
 *
 * <p>The delivery: day 1 brings ids 0..99; day 2 brings ids 50..149 (ids 50..99 delivered again,
 * with a new amount).
 */
@ExtendWith(SharedSpark.class)
class CheckQualityPrimaryKeyTest {
  private static final LocalDate DAY_1 = LocalDate.of(2026, 6, 1);
  private static final LocalDate DAY_2 = DAY_1.plusDays(1);

  @TempDir Path tmp;

  private static String pipeline(String promotion) {
    return """
        mljobs {
          pipeline = key-test
          datasets.payments {
            table = "bronze.payments"
            partition-column = "_run_date"
            primary-key = [payment_id]
            %s
            checks = [ { type = completeness, column = payment_id } ]
          }
        }
        """
        .formatted(promotion);
  }

  private static void deliver(SparkSession spark, GatePipeline gate, LocalDate day, int from) {
    spark
        .range(from, from + 100)
        .selectExpr(
            "id AS payment_id",
            "CAST(id AS DOUBLE) + " + day.getDayOfMonth() + " / 10.0 AS amount",
            "DATE'" + day + "' AS _run_date")
        .write()
        .format("delta")
        .mode("append")
        .partitionBy("_run_date")
        .save(gate.table("bronze.payments"));
  }

  private static List<Row> silverByDay(SparkSession spark, GatePipeline gate) {
    return spark
        .sql(
            "SELECT CAST(_run_date AS STRING), count(*), count(DISTINCT payment_id) FROM delta.`"
                + gate.table("silver.payments")
                + "` GROUP BY 1 ORDER BY 1")
        .collectAsList();
  }

  private static long latestVersion(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
  }

  @Test
  void aRedeliveredKeyReplacesItsSilverRowInsteadOfDuplicatingIt(SparkSession spark) {
    GatePipeline gate = new GatePipeline(tmp, pipeline("on-duplicate-key = merge"));
    deliver(spark, gate, DAY_1, 0);
    assertEquals(0, gate.checkQuality(DAY_1, "q-day1"), gate.output());
    deliver(spark, gate, DAY_2, 50);
    assertEquals(0, gate.checkQuality(DAY_2, "q-day2"), gate.output());
    assertTrue(
        gate.out().contains("100 row(s) promoted to silver.payments version 1 (merged on"),
        gate.out());
    assertTrue(gate.out().contains("[payment_id]: 50 new, 50 replaced)"), gate.out());

    // 150 ids, each once; the re-delivered ones carry day 2's values and partition.
    assertEquals("[[2026-06-01,50,50], [2026-06-02,100,100]]", silverByDay(spark, gate).toString());
    assertEquals(
        50.2, // day 2's amount of id 50 (day 1's was 50.1)
        spark
            .sql(
                "SELECT amount FROM delta.`"
                    + gate.table("silver.payments")
                    + "` WHERE payment_id = 50")
            .first()
            .getDouble(0),
        1e-9);

    // Re-runs add nothing: the same run id (same config) is skipped as its inputs are unchanged,
    // another run id that re-checks merges the same rows onto themselves.
    Map<String, String> recheck = Map.of("mljobs.datasets.payments.skip-unchanged", "false");
    long version = latestVersion(spark, gate.table("silver.payments"));
    assertEquals(0, gate.checkQuality(DAY_2, "q-day2"), gate.output());
    assertTrue(gate.out().contains("unchanged since run q-day2"), gate.out());
    assertEquals(version, latestVersion(spark, gate.table("silver.payments")));
    assertEquals(0, gate.checkQuality(DAY_2, "q-day2-again", recheck), gate.output());
    assertTrue(gate.out().contains("0 new, 100 replaced"), gate.out());
    assertEquals("[[2026-06-01,50,50], [2026-06-02,100,100]]", silverByDay(spark, gate).toString());
  }

  @Test
  void withOnDuplicateKeyQuarantineAKeyAlreadyInSilverIsQuarantined(SparkSession spark) {
    GatePipeline gate = new GatePipeline(tmp, pipeline("on-duplicate-key = quarantine"));
    deliver(spark, gate, DAY_1, 0);
    assertEquals(0, gate.checkQuality(DAY_1, "q-day1"), gate.output());
    deliver(spark, gate, DAY_2, 50);

    // Half the day is a re-delivery: far over the default max-quarantine-fraction of 5%.
    assertEquals(3, gate.checkQuality(DAY_2, "q-day2"), gate.output());
    assertTrue(
        gate.out().contains("50 of 100 row(s) (50.00%) would go to quarantine.payments"),
        gate.out());
    assertTrue(gate.out().contains("top reasons: primary-key(payment_id) 50."), gate.out());
    assertEquals("[[2026-06-01,100,100]]", silverByDay(spark, gate).toString());

    // Accepted as a known re-delivery: the new half is promoted, the repeated half quarantined.
    Map<String, String> accept =
        Map.of(
            "mljobs.datasets.payments.max-quarantine-fraction", "0.6",
            "mljobs.datasets.payments.skip-unchanged", "false");
    assertEquals(0, gate.checkQuality(DAY_2, "q-day2-accepted", accept), gate.output());
    assertTrue(
        gate.out().contains("50 row(s) promoted to silver.payments version 1; 50 row(s) to"),
        gate.out());
    String quarantined =
        "SELECT rule, min(reason), count(*) FROM delta.`"
            + gate.table("quarantine.payments")
            + "` GROUP BY rule";
    assertEquals(
        "[[quality:primary-key(payment_id),primary-key(payment_id): expected a key not yet in"
            + " silver.payments (this key was promoted from an earlier delivery),50]]",
        spark.sql(quarantined).collectAsList().toString());
    assertEquals("[[2026-06-01,100,100], [2026-06-02,50,50]]", silverByDay(spark, gate).toString());

    // A re-run of day 2 does not take day 2's own rows for duplicates, and adds nothing.
    assertEquals(0, gate.checkQuality(DAY_2, "q-day2-rerun", accept), gate.output());
    assertEquals("[[2026-06-01,100,100], [2026-06-02,50,50]]", silverByDay(spark, gate).toString());
    assertEquals(
        "[[quality:primary-key(payment_id),50]]",
        spark
            .sql(
                "SELECT rule, count(*) FROM delta.`"
                    + gate.table("quarantine.payments")
                    + "` GROUP BY rule")
            .collectAsList()
            .toString());
  }

  @Test
  void rowsSharingAKeyWithinOneDeliveryCloseTheGate(SparkSession spark) {
    GatePipeline gate = new GatePipeline(tmp, pipeline(""));
    deliver(spark, gate, DAY_1, 0);
    deliver(spark, gate, DAY_1, 90); // ids 90..99 twice in the same day
    assertEquals(3, gate.checkQuality(DAY_1, "q-day1"), gate.output());
    assertTrue(gate.out().contains("primary-key(payment_id)"), gate.out());
    assertTrue(gate.out().contains("gate FAILED for [payments]"), gate.out());
  }
}
