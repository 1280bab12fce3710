package io.mljobs.jobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 11: a small reference table was re-checked and its silver rewritten on every run
 * (16 versions of an unchanged table). Now a dataset whose checked table (and every table its
 * referential checks read) is at the version its last promotion read, under the same config, is
 * skipped, and the output and manifest say so.
 */
@ExtendWith(SharedSpark.class)
class CheckQualitySkipUnchangedTest {
  private static final LocalDate DAY = LocalDate.of(2026, 6, 1);

  private static final String PIPELINE =
      """
      mljobs {
        pipeline = reference-test
        datasets.merchants {
          table = "bronze.merchants"
          checks = [
            { type = completeness, column = merchant_id }
            { type = uniqueness, columns = [merchant_id] }
          ]
        }
      }
      """;

  @TempDir Path tmp;

  private static void deliver(SparkSession spark, GatePipeline gate, int from, int to) {
    spark
        .range(from, to)
        .selectExpr("id AS merchant_id", "concat('m', id) AS name")
        .write()
        .format("delta")
        .mode("append")
        .save(gate.table("bronze.merchants"));
  }

  private static long silverVersion(SparkSession spark, GatePipeline gate) {
    return DeltaTable.forPath(spark, gate.table("silver.merchants"))
        .history(1)
        .select("version")
        .first()
        .getLong(0);
  }

  private static long results(SparkSession spark, GatePipeline gate, String runId) {
    return spark
        .sql(
            "SELECT * FROM delta.`"
                + gate.table("quality.check_results")
                + "` WHERE run_id = '"
                + runId
                + "'")
        .count();
  }

  @Test
  void anUnchangedReferenceTableIsNotRecheckedOrRewritten(SparkSession spark) {
    GatePipeline gate = new GatePipeline(tmp, PIPELINE);
    deliver(spark, gate, 0, 30);
    assertEquals(0, gate.checkQuality(DAY, "r-1"), gate.output());
    assertEquals(0, silverVersion(spark, gate));

    // Next days: nothing changed, nothing is re-checked or re-written.
    for (int day = 1; day <= 2; day++) {
      String runId = "r-" + (day + 1);
      assertEquals(0, gate.checkQuality(DAY.plusDays(day), runId), gate.output());
      assertTrue(
          gate.out()
              .contains(
                  "merchants: skipped: bronze.merchants@0; all rows unchanged since run r-1"
                      + " promoted it to silver.merchants version 0 (same config); not"
                      + " re-checked, not re-written"),
          gate.out());
      assertTrue(gate.out().contains("1 skipped (inputs unchanged)"), gate.out());
      assertEquals(0, silverVersion(spark, gate));
      assertEquals(0, results(spark, gate, runId), "no checks ran for " + runId);
    }
    RunManifest manifest = gate.manifest();
    assertEquals("skipped", manifest.metrics().get("quality.merchants.gate"));
    assertTrue(
        String.valueOf(manifest.metrics().get("quality.merchants.skipped"))
            .contains("unchanged since run r-1"),
        manifest.metrics().toString());

    // Changed config is a different promotion: re-checked once, then skipped again.
    Map<String, String> changed = Map.of("mljobs.datasets.merchants.max-quarantine-fraction", "0");
    assertEquals(0, gate.checkQuality(DAY.plusDays(4), "r-config", changed), gate.output());
    assertEquals(1, silverVersion(spark, gate));
    assertEquals(2, results(spark, gate, "r-config"));
    assertEquals(0, gate.checkQuality(DAY.plusDays(5), "r-config-2", changed), gate.output());
    assertEquals(1, silverVersion(spark, gate));

    // A changed table is re-checked and promoted.
    deliver(spark, gate, 30, 32);
    assertEquals(0, gate.checkQuality(DAY.plusDays(6), "r-new", changed), gate.output());
    assertTrue(gate.out().contains("32 row(s) promoted to silver.merchants version 2"), gate.out());
    assertEquals(32, spark.read().format("delta").load(gate.table("silver.merchants")).count());

    // skip-unchanged = false re-checks every run.
    Map<String, String> always =
        Map.of(
            "mljobs.datasets.merchants.max-quarantine-fraction", "0",
            "mljobs.datasets.merchants.skip-unchanged", "false");
    assertEquals(0, gate.checkQuality(DAY.plusDays(7), "r-always", always), gate.output());
    assertEquals(2, results(spark, gate, "r-always"));
  }

  @Test
  void aDatasetIsRecheckedWhenTheTableItsReferentialCheckReadsChanges(SparkSession spark) {
    GatePipeline gate =
        new GatePipeline(
            tmp,
            PIPELINE.replace(
                "datasets.merchants {",
                """
                datasets.shops {
                  table = "bronze.shops"
                  checks = [ { type = referential, column = merchant_id, table = "bronze.merchants" } ]
                }
                datasets.merchants {"""));
    deliver(spark, gate, 0, 30);
    spark
        .range(0, 5)
        .selectExpr("id AS shop_id", "id AS merchant_id")
        .write()
        .format("delta")
        .save(gate.table("bronze.shops"));
    assertEquals(0, gate.checkQuality(DAY, "s-1"), gate.output());
    assertEquals(0, gate.checkQuality(DAY.plusDays(1), "s-2"), gate.output());
    assertTrue(gate.out().contains("2 skipped (inputs unchanged)"), gate.out());

    deliver(spark, gate, 30, 31); // only the referenced table changes
    assertEquals(0, gate.checkQuality(DAY.plusDays(2), "s-3"), gate.output());
    assertTrue(gate.out().contains("shops: gate passed: 5 row(s) promoted"), gate.out());
    assertTrue(gate.out().contains("merchants: gate passed: 31 row(s) promoted"), gate.out());
  }
}
