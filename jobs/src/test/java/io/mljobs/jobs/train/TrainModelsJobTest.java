package io.mljobs.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-models end to end on a constructed training set (5 days x 400 rows): every candidate on the
 * leaderboard, a champion registered with its lineage, the saved model scoring the holdout as the
 * leaderboard says, a re-run giving the same metrics (and, a tie, kept as challenger), and a
 * clearly better model promoted over a weak champion.
 */
@ExtendWith(SharedSpark.class)
class TrainModelsJobTest {
  @TempDir Path tmp;

  @Test
  void trainsEveryCandidateRegistersAChampionAndARerunTiesAsChallenger(SparkSession spark)
      throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    f.writeTrainingSet(spark, TrainingFixture.rows(5, 400, 1.5, 1));
    String conf =
        TrainingFixture.pipeline(
            "",
            TrainingFixture.QUICK
                + "\nxgb { algorithm = xgboost, params { numRound = 10, max_depth = 3,"
                + " numWorkers = 1, nthread = 1 } }",
            "");

    assertEquals(0, f.run("train-models", conf, "r1", Map.of()), f.err());
    RunManifest first = f.manifest();
    assertEquals("champion", first.metrics().get("promotion.fraud.alias"));
    String report = Files.readString(Path.of(first.metrics().get("report.fraud").toString()));
    // ROC, PR, calibration, and importances of the logistic regression and the GBT (not XGBoost).
    assertEquals(5, report.split("<svg class=\"chart\"", -1).length - 1, report);
    assertTrue(report.contains("No feature importances for: xgb"), report);

    List<Row> board =
        f.read(spark, "models.leaderboard")
            .where("run_id = 'r1'")
            .orderBy("candidate")
            .collectAsList();
    assertEquals(
        List.of("gbt", "logistic", "xgb"),
        board.stream().map(r -> r.<String>getAs("candidate")).toList());
    assertEquals(1, board.stream().filter(r -> r.<Boolean>getAs("selected")).count());
    for (Row r : board) {
      double auc = r.getAs("auc_roc");
      assertTrue(auc > 0.7 && auc < 1.0, "auc " + auc);
      assertTrue(r.<Double>getAs("auc_roc_lower") < auc && auc < r.<Double>getAs("auc_roc_upper"));
      assertEquals(400L, r.<Long>getAs("rows_holdout"));
      assertEquals(1200L, r.<Long>getAs("rows_train"));
      assertEquals(400L, r.<Long>getAs("rows_validation"));
    }

    List<Row> registry = f.read(spark, "models.registry").collectAsList();
    assertEquals(1, registry.size());
    Row champion = registry.get(0);
    assertEquals("champion", champion.getAs("alias"));
    assertEquals(1L, champion.<Long>getAs("version"));
    assertEquals(0L, champion.<Long>getAs("training_set_version"));
    assertEquals("r1", champion.getAs("run_id"));
    assertEquals(
        List.of("amount", "hour_of_day", "noise", "merchant_category", "merchant_risk_tier"),
        champion.getList(champion.fieldIndex("features")));
    Row selected = board.stream().filter(r -> r.<Boolean>getAs("selected")).findFirst().get();
    assertEquals(selected.<String>getAs("candidate"), champion.getAs("candidate"));

    // Save -> load -> the same holdout predictions: the reloaded model's AUC is the leaderboard's.
    PipelineModel loaded = PipelineModel.load(champion.getAs("artifact_path"));
    Dataset<Row> holdout =
        f.read(spark, "training.fraud").where("to_date(event_ts) = DATE'2026-11-05'");
    ModelSpec spec = TrainModelsConfigTest.fraudSpec(conf);
    double[][] scored =
        ModelPipeline.collect(
            ModelPipeline.score(
                loaded,
                holdout.withColumn(TrainingData.LABEL, holdout.col("is_fraud").cast("double")),
                spec.task()));
    assertEquals(
        selected.<Double>getAs("auc_roc"),
        Metric.AUC_ROC.compute(scored[0], scored[1], null, 0.5),
        1e-12);

    // Same data, same seeds: the same metrics (to 1e-12); no improvement, so v2 stays challenger.
    assertEquals(0, f.run("train-models", conf, "r2", Map.of()), f.err());
    List<Row> again =
        f.read(spark, "models.leaderboard")
            .where("run_id = 'r2'")
            .orderBy("candidate")
            .collectAsList();
    for (int i = 0; i < board.size(); i++) {
      for (String m : List.of("auc_roc", "auc_pr", "log_loss", "f1", "auc_roc_lower")) {
        // Equal up to Spark's aggregation order (seen: log loss differing in the 16th digit).
        assertEquals(board.get(i).<Double>getAs(m), again.get(i).<Double>getAs(m), 1e-12, m);
      }
    }
    RunManifest second = f.manifest();
    assertEquals("challenger", second.metrics().get("promotion.fraud.alias"));
    assertTrue(
        second.metrics().get("promotion.fraud.decision").toString().contains("kept as challenger"),
        second.metrics().toString());
    assertEquals(
        0.0, ((Number) second.metrics().get("promotion.fraud.improvement")).doubleValue(), 1e-12);
    List<Row> aliases =
        f.read(spark, "models.registry")
            .orderBy("version")
            .select("version", "alias")
            .collectAsList();
    assertEquals("[[1,champion], [2,challenger]]", aliases.toString());
  }

  @Test
  void aClearlyBetterModelReplacesTheChampion(SparkSession spark) throws Exception {
    TrainingFixture f = new TrainingFixture(tmp);
    f.writeTrainingSet(spark, TrainingFixture.rows(5, 400, 1.5, 2));
    String logistic = "logistic { algorithm = logistic-regression, params { maxIter = 20 } }";
    String weak =
        TrainingFixture.pipeline(
            "features { numeric = [noise], categorical = [] }",
            logistic,
            "promotion.margin = 0.05");
    assertEquals(0, f.run("train-models", weak, "weak", Map.of()), f.err());
    assertEquals("champion", f.manifest().metrics().get("promotion.fraud.alias"));

    String strong = TrainingFixture.pipeline("", logistic, "promotion.margin = 0.05");
    assertEquals(0, f.run("train-models", strong, "strong", Map.of()), f.err());
    Map<String, Object> metrics = f.manifest().metrics();
    assertEquals("champion", metrics.get("promotion.fraud.alias"), metrics.toString());
    assertTrue(((Number) metrics.get("promotion.fraud.improvement")).doubleValue() > 0.05);
    assertTrue(((Number) metrics.get("promotion.fraud.improvement_lower")).doubleValue() > 0);
    assertTrue(f.out().contains("promoted: auc_roc improvement over champion v1"), f.out());
    List<Row> aliases =
        f.read(spark, "models.registry")
            .orderBy("version")
            .select("version", "alias")
            .collectAsList();
    assertEquals("[[1,archived], [2,champion]]", aliases.toString());
  }

  @Test
  void aLongTailedCategoricalIsCappedAndUnseenValuesStillScore(SparkSession spark)
      throws Exception {
    // 3,000 merchants with Zipf-like frequencies in the merchant column (most seen once or twice),
    // the rest of the fixture as usual; XGBoost stores the one-hot vector densely, so uncapped this
    // would be 3,000 doubles per row.
    java.util.Random random = new java.util.Random(7);
    List<Row> rows = new java.util.ArrayList<>();
    for (Row r : TrainingFixture.rows(5, 400, 1.5, 3)) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.get(i);
      }
      v[7] = "m" + (int) Math.floor(Math.pow(3000, random.nextDouble()));
      rows.add(org.apache.spark.sql.RowFactory.create(v));
    }
    TrainingFixture f = new TrainingFixture(tmp);
    f.writeTrainingSet(spark, rows);
    String conf =
        TrainingFixture.pipeline(
                "",
                "logistic { algorithm = logistic-regression, params { maxIter = 20 } }\n"
                    + "xgb { algorithm = xgboost, params { numRound = 10, max_depth = 3 } }",
                "")
            .replace("merchant_risk_tier] }", "merchant_risk_tier], max-categories = 20 }");
    assertEquals(0, f.run("train-models", conf, "wide", Map.of()), f.err());

    Row champion =
        f.read(spark, "models.registry")
            .where("alias = 'champion'")
            .select("artifact_path")
            .first();
    org.apache.spark.ml.PipelineModel model =
        org.apache.spark.ml.PipelineModel.load(champion.getString(0));
    CappedCategories cap =
        (CappedCategories)
            java.util.Arrays.stream(model.stages())
                .filter(s -> s instanceof CappedCategories)
                .findFirst()
                .orElseThrow();
    List<String> kept = cap.keptValues().get("merchant_category");
    assertEquals(19, kept.size(), "20 levels with the other bucket: " + kept);
    assertEquals(3, cap.keptValues().get("merchant_risk_tier").size(), "within the limit");
    long mostFrequent =
        f.read(spark, "training.fraud")
            .groupBy("merchant_category")
            .count()
            .orderBy(org.apache.spark.sql.functions.col("count").desc())
            .first()
            .getLong(1);
    assertTrue(mostFrequent > 50, "the tail is long and its head frequent: " + mostFrequent);

    // Scoring rows whose merchants training never saw (and a null) get a score like any other.
    Dataset<Row> unseen =
        f.read(spark, "training.fraud")
            .limit(5)
            .withColumn(
                "merchant_category",
                org.apache.spark.sql.functions.expr(
                    "CASE WHEN amount > 0 THEN concat('never-seen-', transaction_id) END"));
    List<Row> scored = model.transform(unseen).select("probability").collectAsList();
    assertEquals(5, scored.size());
    scored.forEach(r -> assertTrue(!r.isNullAt(0), "a score for every row: " + scored));
  }
}
