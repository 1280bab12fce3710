package io.mljobs.jobs.trainingset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.DemoConfigRunner;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped demo config on real demo tables: generate, ingest and promote 4 days, then a feature
 * table in CONTRACT.md's layout made here from silver (build-features is another job's), then
 * build-training-set as run-demo.sh runs it. Every label of a transaction in silver comes out once,
 * with its transaction's own feature row (event_ts = label time).
 */
@ExtendWith(SharedSpark.class)
class BuildTrainingSetDemoTest {
  static final LocalDate LAST = LocalDate.of(2026, 11, 4);
  @TempDir Path tmp;

  @Test
  void theDemoLabelsGetTheirTransactionsFeatures(SparkSession spark) {
    DemoConfigRunner demo =
        DemoConfigRunner.generating(tmp, 4, 300)
            .with("mljobs.jobs.generate-demo-data.drift-from", "2026-11-30");
    assertEquals(0, demo.run("generate-demo-data", LAST, "gen"), demo.err());
    assertEquals(0, demo.run("ingest-files", LAST, "ingest"), demo.err());
    assertEquals(0, demo.run("check-quality", LAST, "quality"), demo.err() + demo.out());

    spark
        .sql(
            "SELECT customer_id, event_ts, current_timestamp() AS created_ts,"
                + " to_date(event_ts) AS feature_date, 'demo-hash' AS definition_hash,"
                + " transaction_id, CAST(amount AS DOUBLE) AS amount, hour(event_ts) AS"
                + " hour_of_day, merchant_category FROM delta.`"
                + demo.table("silver.pos_transactions")
                + "`")
        .write()
        .format("delta")
        .partitionBy("feature_date")
        .save(demo.table("features.customer_activity"));

    assertEquals(0, demo.run("build-training-set", LAST, "train-set"), demo.err() + demo.out());

    Dataset<Row> training = spark.read().format("delta").load(demo.table("training.fraud"));
    assertEquals(
        List.of(
            "transaction_id",
            "customer_id",
            "event_ts",
            "is_fraud",
            "amount",
            "hour_of_day",
            "merchant_category"),
        List.of(training.columns()));
    long expected =
        spark
            .sql(
                "SELECT count(*) FROM delta.`"
                    + demo.table("bronze.fraud_labels")
                    + "` l JOIN delta.`"
                    + demo.table("silver.pos_transactions")
                    + "` t USING (transaction_id)")
            .first()
            .getLong(0);
    assertTrue(expected > 100, "labels of silver transactions: " + expected);
    assertEquals(expected, training.count());
    assertEquals(expected, training.select("transaction_id").distinct().count());
    // Each label got its own transaction's row: same amount as silver.
    long sameAmount =
        spark
            .sql(
                "SELECT count(*) FROM delta.`"
                    + demo.table("training.fraud")
                    + "` r JOIN delta.`"
                    + demo.table("silver.pos_transactions")
                    + "` t USING (transaction_id) WHERE r.amount = CAST(t.amount AS DOUBLE)")
            .first()
            .getLong(0);
    assertEquals(expected, sameAmount);
    Map<String, Object> metrics = demo.manifest().metrics();
    assertEquals(
        expected, ((Number) metrics.get("training.fraud.customer_activity.matched")).longValue());
    assertEquals("demo-hash", metrics.get("training.fraud.customer_activity.definition_hash"));
  }
}
