package io.mljobs.jobs.score;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.train.RegistryEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** score: the champion's (and shadow challenger's) own transform, logged per run date. */
@ExtendWith(SharedSpark.class)
class ScoreJobTest {
  @TempDir Path tmp;

  @Test
  void scoresTheRunDateWithChampionAndShadowChallengerAsTheModelsOwnTransform(SparkSession spark)
      throws Exception {
    ScoringFixture f = new ScoringFixture(tmp);
    Dataset<Row> all =
        spark.createDataFrame(ScoringFixture.rows(2, 60, 1), ScoringFixture.FEATURES);
    PipelineModel champion = ScoringFixture.fit(all, 0.0);
    PipelineModel challenger = ScoringFixture.fit(all, 1.0);
    f.write(spark, "features.customer_activity", all.drop("is_fraud"));
    f.register(
        spark,
        List.of(
            f.save(champion, 3, RegistryEntry.CHAMPION, 0.8),
            f.save(challenger, 4, RegistryEntry.CHALLENGER, 0.8)));

    assertEquals(0, f.run("score", ScoringFixture.conf(""), ScoringFixture.DAY, "s1"), f.err());
    assertTrue(
        f.out()
            .contains(
                "fraud: 120 prediction(s) for 2026-11-05 by champion v3 and challenger v4"
                    + " (shadow) in predictions.fraud"),
        f.out());
    Dataset<Row> logged = f.read(spark, "predictions.fraud");
    assertEquals(120, logged.count());
    assertEquals(60, logged.where("alias = 'champion' AND version = 3").count());
    assertEquals(60, logged.where("alias = 'challenger' AND version = 4").count());
    assertEquals(120, logged.where("score_date = DATE'2026-11-05' AND model = 'fraud'").count());

    // The logged score is the model's own P(1), and prediction is score >= 0.5.
    Dataset<Row> day = all.where("feature_date = DATE'2026-11-05'").drop("is_fraud");
    Dataset<Row> own =
        champion
            .transform(day)
            .select(
                col("customer_id"),
                col("event_ts"),
                vector_to_array(col("probability"), "float64").getItem(1).as("expected"));
    Dataset<Row> joined =
        logged
            .where("alias = 'champion'")
            .join(own, new String[] {"customer_id", "event_ts"}, "inner");
    assertEquals(60, joined.count());
    assertEquals(0, joined.where("abs(score - expected) > 1e-12").count());
    assertEquals(
        0, joined.where("prediction != CASE WHEN expected >= 0.5 THEN 1.0 ELSE 0.0 END").count());

    // Idempotent per run date: a re-run replaces the date, another date is added beside it.
    assertEquals(0, f.run("score", ScoringFixture.conf(""), ScoringFixture.DAY, "s2"), f.err());
    assertEquals(120, f.read(spark, "predictions.fraud").count());
    assertEquals(
        0, f.run("score", ScoringFixture.conf(""), ScoringFixture.DAY.plusDays(1), "s3"), f.err());
    assertEquals(240, f.read(spark, "predictions.fraud").count());
    assertEquals(
        List.of("s2", "s3"),
        f.read(spark, "predictions.fraud")
            .select("run_id")
            .distinct()
            .orderBy("run_id")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());
  }

  @Test
  void badInputFailsClearlyAndWritesNothing(SparkSession spark) throws Exception {
    ScoringFixture f = new ScoringFixture(tmp);
    Dataset<Row> all =
        spark.createDataFrame(ScoringFixture.rows(1, 40, 2), ScoringFixture.FEATURES);
    f.write(spark, "features.customer_activity", all.drop("is_fraud"));
    String conf = ScoringFixture.conf("");

    // No registry at all.
    assertEquals(1, f.run("score", conf, ScoringFixture.DAY, "b1"));
    assertTrue(
        f.err()
            .contains(
                "No champion of model 'fraud' in models.registry (no version registered): run"
                    + " train-models"),
        f.err());

    // A champion whose artifact was deleted.
    RegistryEntry entry = f.save(ScoringFixture.fit(all, 0.0), 1, RegistryEntry.CHAMPION, 0.8);
    f.register(spark, List.of(entry));
    FileUtils.deleteDirectory(Path.of(entry.artifactPath()).toFile());
    assertEquals(1, f.run("score", conf, ScoringFixture.DAY, "b2"));
    assertTrue(
        f.err().contains("Model fraud v1 (champion) points at artifact " + entry.artifactPath()),
        f.err());
    assertTrue(f.err().contains("promote-model"), f.err());

    // Features that no longer provide a champion's column.
    entry = f.save(ScoringFixture.fit(all, 0.0), 1, RegistryEntry.CHAMPION, 0.8);
    f.write(spark, "features.customer_activity", all.drop("is_fraud", "merchant_category"));
    assertEquals(1, f.run("score", conf, ScoringFixture.DAY, "b3"));
    assertTrue(
        f.err()
            .contains(
                "Model fraud v1 (champion) needs feature column(s) [merchant_category] that"
                    + " features.customer_activity no longer provides"),
        f.err());

    // A date without feature rows.
    f.write(spark, "features.customer_activity", all.drop("is_fraud"));
    assertEquals(1, f.run("score", conf, ScoringFixture.DAY.plusDays(3), "b4"));
    assertTrue(
        f.err().contains("No rows in features.customer_activity with feature_date = 2026-11-08"),
        f.err());
    assertFalse(Files.exists(Path.of(f.table("predictions.fraud"))));

    // A scoring section without keys: exit 2 before Spark, the key named.
    assertEquals(
        2,
        f.run(
            "score",
            "mljobs.scoring.fraud { features-table = \"features.x\", time-column = event_ts }",
            ScoringFixture.DAY,
            "b5"));
    assertTrue(f.err().contains("fraud\".keys' is required"), f.err());
  }
}
