package io.mljobs.jobs.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.DemoConfigRunner;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's feature set with the shipped config, as scripts/run-demo.sh runs it: generate, ingest,
 * the gate, build-features as a backfill, then check-quality and detect-drift on the feature table
 * by config alone.
 */
@ExtendWith(SharedSpark.class)
class FeaturesDemoTest {
  static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 5);
  @TempDir Path tmp;

  @Test
  void theDemoFeatureTableIsBuiltCheckedAndWatchedForDriftByConfigAlone(SparkSession spark) {
    DemoConfigRunner demo = DemoConfigRunner.generating(tmp, 5, 300);
    assertEquals(0, demo.run("generate-demo-data", RUN_DATE, "gen"), demo.err());
    assertEquals(0, demo.run("ingest-files", RUN_DATE, "ingest"), demo.err());
    assertEquals(0, demo.run("check-quality", RUN_DATE, "gate"), demo.out() + demo.err());
    assertEquals(
        0,
        demo.run(
            "build-features",
            RUN_DATE,
            "features",
            Map.of(
                "mljobs.jobs.build-features.from", "2026-11-01",
                "mljobs.jobs.build-features.to", "2026-11-05")),
        demo.out() + demo.err());
    Dataset<Row> features =
        spark.read().format("delta").load(demo.table("features.customer_activity"));
    Dataset<Row> silver = spark.read().format("delta").load(demo.table("silver.pos_transactions"));
    // The table layout the training set builds on (CONTRACT: one row per source event).
    assertEquals(
        List.of(
            "customer_id",
            "event_ts",
            "created_ts",
            "feature_date",
            "definition_hash",
            "transaction_id",
            "amount",
            "hour_of_day",
            "merchant_category",
            "txn_count_24h",
            "amount_avg_7d",
            "amount_max_24h",
            "merchant_distinct_7d",
            "secs_since_prev",
            "merchant_risk_tier"),
        Arrays.asList(features.columns()));
    assertEquals(
        "customer_id:string event_ts:timestamp created_ts:timestamp feature_date:date"
            + " definition_hash:string transaction_id:string amount:double hour_of_day:int"
            + " merchant_category:string txn_count_24h:bigint amount_avg_7d:double"
            + " amount_max_24h:double merchant_distinct_7d:bigint secs_since_prev:double"
            + " merchant_risk_tier:string",
        String.join(
            " ",
            Arrays.stream(features.schema().fields())
                .map(f -> f.name() + ":" + f.dataType().simpleString())
                .toList()));
    long events = silver.count();
    assertTrue(events > 1000, "demo rows: " + events);
    assertEquals(events, features.count());
    assertEquals(events, features.select("transaction_id").distinct().count());
    assertEquals(0, features.where("merchant_risk_tier IS NULL").count(), "every merchant found");
    assertEquals(0, features.where("txn_count_24h < 1").count(), "its own payment is counted");

    // The feature table's gate and drift, selected as run-demo.sh does.
    Map<String, String> gate =
        Map.of(
            "mljobs.jobs.check-quality.datasets", "[customer_activity]",
            "mljobs.jobs.check-quality.dates", "run-date",
            "mljobs.jobs.check-quality.promote", "false",
            "mljobs.jobs.check-quality.from", "2026-11-01",
            "mljobs.jobs.check-quality.to", "2026-11-05");
    assertEquals(
        0, demo.run("check-quality", RUN_DATE, "features-gate", gate), demo.out() + demo.err());
    Dataset<Row> results = spark.read().format("delta").load(demo.table("quality.check_results"));
    assertEquals(
        5,
        results.where("dataset = 'customer_activity'").select("run_date").distinct().count(),
        "one gate per feature date");
    Map<String, String> drift =
        Map.of(
            "mljobs.jobs.detect-drift.only", "[customer_activity]",
            "mljobs.jobs.detect-drift.from", "2026-11-04",
            "mljobs.jobs.detect-drift.to", "2026-11-05");
    assertEquals(
        0, demo.run("detect-drift", RUN_DATE, "features-drift", drift), demo.out() + demo.err());
    Dataset<Row> drifts = spark.read().format("delta").load(demo.table("quality.drift"));
    assertEquals(
        8,
        drifts
            .where(
                "dataset = 'customer_activity' AND feature IN ('amount', 'txn_count_24h',"
                    + " 'amount_avg_7d', 'amount_max_24h', 'merchant_distinct_7d',"
                    + " 'secs_since_prev', 'merchant_category', 'merchant_risk_tier')")
            .select("feature")
            .distinct()
            .count(),
        "every configured feature compared");
  }
}
