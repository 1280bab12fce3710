package io.mljobs.jobs.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.Rows;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.train.RegistryEntry;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate-model on a hand-made prediction log: realized metrics checked by hand, late labels
 * replacing a date's rows once, unknown and duplicate labels counted.
 */
@ExtendWith(SharedSpark.class)
class EvaluateModelJobTest {
  static final String PREDICTIONS =
      "customer_id STRING, event_ts TIMESTAMP, score_date DATE, model STRING, version BIGINT,"
          + " alias STRING, score DOUBLE, prediction DOUBLE, run_id STRING, scored_at TIMESTAMP";
  static final String LABELS = "customer_id STRING, event_ts TIMESTAMP, is_fraud INT";

  @TempDir Path tmp;

  private static Timestamp ts(int i) {
    return Timestamp.valueOf("2026-11-05 10:0" + i + ":00");
  }

  private static Row prediction(int i, long version, String alias, double score) {
    return Rows.row(
        "e" + i,
        ts(i),
        Date.valueOf("2026-11-05"),
        "fraud",
        version,
        alias,
        score,
        score >= 0.5 ? 1.0 : 0.0,
        "s1",
        ts(0));
  }

  @Test
  void realizedMetricsByHandAndLateLabelsReplaceTheDateOnce(SparkSession spark) throws Exception {
    ScoringFixture f = new ScoringFixture(tmp);
    f.register(
        spark,
        List.of(
            ScoringFixture.entry(1, RegistryEntry.CHAMPION, 0.8, "/nowhere/v1"),
            ScoringFixture.entry(2, RegistryEntry.CHALLENGER, 0.8, "/nowhere/v2")));
    double[] champion = {0.9, 0.8, 0.7, 0.3, 0.2, 0.1};
    double[] challenger = {0.9, 0.2, 0.8, 0.3, 0.7, 0.1};
    List<Row> logged = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      logged.add(prediction(i, 1, "champion", champion[i]));
      logged.add(prediction(i, 2, "challenger", challenger[i]));
    }
    logged.add(prediction(0, 1, "champion", 0.9)); // a date scored twice: counted once
    f.write(spark, "predictions.fraud", Rows.frame(spark, PREDICTIONS, logged.toArray(Row[]::new)));
    // Labels of e0..e4 (1,0,1,0,1); e1 arrives twice; "zz" was never scored.
    List<Row> labels = new ArrayList<>();
    int[] y = {1, 0, 1, 0, 1, 0};
    for (int i = 0; i < 5; i++) {
      labels.add(Rows.row("e" + i, ts(i), y[i]));
    }
    labels.add(Rows.row("e1", ts(1), 0));
    labels.add(Rows.row("zz", ts(1), 1));
    f.write(spark, "labels.fraud", Rows.frame(spark, LABELS, labels.toArray(Row[]::new)));

    String conf = ScoringFixture.conf("");
    assertEquals(0, f.run("evaluate-model", conf, ScoringFixture.DAY.plusDays(2), "ev1"), f.err());
    assertTrue(
        f.out().contains("1 label(s) for unknown entities, 1 duplicate label key(s)"), f.out());
    // 5 labelled: positives {0.9, 0.7, 0.2}, negatives {0.8, 0.3}: 3 of 6 pairs ordered -> 0.5.
    Row auc = auc(f, spark, "champion");
    assertEquals(0.5, auc.<Double>getAs("value"), 1e-12);
    assertEquals(5L, auc.<Long>getAs("labelled_rows"));
    assertEquals(0.8, auc.<Double>getAs("holdout_value"), 1e-12);
    assertEquals("degraded", auc.getAs("verdict"));

    // e5 (label 0) arrives late: the date is re-evaluated, its rows replaced, not added.
    labels.add(Rows.row("e5", ts(5), 0));
    f.write(spark, "labels.fraud", Rows.frame(spark, LABELS, labels.toArray(Row[]::new)));
    assertEquals(0, f.run("evaluate-model", conf, ScoringFixture.DAY.plusDays(3), "ev2"), f.err());
    auc = auc(f, spark, "champion");
    // positives {0.9, 0.7, 0.2} vs negatives {0.8, 0.3, 0.1}: 3 + 2 + 1 = 6 of 9.
    assertEquals(6.0 / 9, auc.<Double>getAs("value"), 1e-12);
    assertEquals(6L, auc.<Long>getAs("labelled_rows"));
    assertEquals(3L, auc.<Long>getAs("positives"));
    assertNull(auc.getAs("vs_champion"));
    assertTrue(auc.<Double>getAs("lower") <= auc.<Double>getAs("value"));
    Row precision =
        f.read(spark, "models.performance")
            .where("alias = 'champion' AND metric = 'precision'")
            .first();
    // Predicted positive (>= 0.5): 0.9, 0.8, 0.7 of which e0 and e2 are fraud: 2 / 3.
    assertEquals(2.0 / 3, precision.<Double>getAs("value"), 1e-12);
    // Challenger: positives {0.9, 0.8, 0.7} above every negative: AUC 1; 1 - 6/9 over the champion.
    Row shadow = auc(f, spark, "challenger");
    assertEquals(1.0, shadow.<Double>getAs("value"), 1e-12);
    assertEquals(1.0 - 6.0 / 9, shadow.<Double>getAs("vs_champion"), 1e-12);
    assertEquals(2, f.read(spark, "models.performance").where("metric = 'auc_roc'").count());
    assertEquals(List.of("2026-11-05"), f.manifestMetric("evaluate.fraud.degraded_dates"), f.out());
  }

  @Test
  void badInput(SparkSession spark) throws Exception {
    ScoringFixture f = new ScoringFixture(tmp);
    f.register(spark, List.of(ScoringFixture.entry(1, RegistryEntry.CHAMPION, 0.8, "/x")));
    f.write(
        spark,
        "predictions.fraud",
        Rows.frame(spark, PREDICTIONS, prediction(0, 1, "champion", 0.4)));
    f.write(
        spark,
        "labels.fraud",
        Rows.frame(spark, LABELS, Rows.row("e0", ts(0), 1), Rows.row("e0", ts(0), 0)));
    // No prediction scored in the window before the run date.
    assertEquals(
        1, f.run("evaluate-model", ScoringFixture.conf(""), ScoringFixture.DAY.plusDays(60), "b1"));
    assertTrue(
        f.err()
            .contains(
                "No predictions of fraud in predictions.fraud scored from 2026-12-05 to"
                    + " 2027-01-04: run score for those dates first"),
        f.err());
    // Duplicate labels under duplicates = fail.
    String failing =
        ScoringFixture.conf("")
            .replace("label-column = is_fraud", "label-column = is_fraud, duplicates = fail");
    assertEquals(1, f.run("evaluate-model", failing, ScoringFixture.DAY, "b2"));
    assertTrue(f.err().contains("1 label key(s) of labels.fraud arrived more than once"), f.err());
    // Under the default (max) the fraud label wins, below min-labelled: not judged.
    assertEquals(0, f.run("evaluate-model", ScoringFixture.conf(""), ScoringFixture.DAY, "b3"));
    Row auc = auc(f, spark, "champion");
    assertEquals(1L, auc.<Long>getAs("labelled_rows"));
    assertEquals(1L, auc.<Long>getAs("positives"));
    assertEquals("insufficient_labels", auc.getAs("verdict"));
  }

  private static Row auc(ScoringFixture f, SparkSession spark, String alias) {
    List<Row> rows =
        f.read(spark, "models.performance")
            .where("metric = 'auc_roc' AND alias = '" + alias + "'")
            .collectAsList();
    assertEquals(1, rows.size(), rows.toString());
    return rows.get(0);
  }
}
