package io.mljobs.jobs.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.Rows;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * decide-retraining on constructed quality.drift and models.performance rows shaped like the
 * demo's: three features compared per day, drift from 2026-11-05 (one feature, then two).
 */
@ExtendWith(SharedSpark.class)
class DecideRetrainingJobTest {
  static final String DRIFT =
      "dataset STRING, run_date DATE, run_id STRING, feature STRING, statistic STRING,"
          + " value DOUBLE, verdict STRING, feature_verdict STRING, computed_at TIMESTAMP";
  static final String PERFORMANCE =
      "model STRING, score_date DATE, version BIGINT, alias STRING, metric STRING, value DOUBLE,"
          + " verdict STRING";

  private static final java.util.concurrent.atomic.AtomicInteger RUNS =
      new java.util.concurrent.atomic.AtomicInteger();

  @TempDir Path tmp;

  /** Drift rows: 11-04 none; 11-05 amount; 11-06 and 11-07 amount and merchant_category. */
  private static void writeDrift(ScoringFixture f, SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    String[] features = {"amount", "hour_of_day", "merchant_category"};
    for (int d = 4; d <= 7; d++) {
      Date date = Date.valueOf(LocalDate.of(2026, 11, d));
      int drifted = d < 5 ? 0 : d == 5 ? 1 : 2;
      int n = 0;
      for (String feature : features) {
        boolean drift =
            "amount".equals(feature)
                ? drifted >= 1
                : feature.startsWith("merchant") && drifted >= 2;
        String v = drift ? "drift" : "ok";
        rows.add(Rows.row("silver.pos", date, "d", feature, "psi", 0.1, v, v, ts(0)));
        n += drift ? 1 : 0;
      }
      String dv = n * 1.0 / features.length >= 0.25 ? "drift" : "ok";
      rows.add(Rows.row("silver.pos", date, "d", "*", "drifted_share", n / 3.0, dv, dv, ts(0)));
    }
    // An older computation of 11-04 that said drift: the latest computation of the date wins.
    rows.add(
        Rows.row(
            "silver.pos",
            Date.valueOf("2026-11-04"),
            "old",
            "amount",
            "psi",
            0.9,
            "drift",
            "drift",
            Timestamp.valueOf("2026-11-04 00:00:00")));
    f.write(spark, "quality.drift", Rows.frame(spark, DRIFT, rows.toArray(Row[]::new)));
  }

  private static Timestamp ts(int h) {
    return Timestamp.valueOf("2026-12-01 0" + h + ":00:00");
  }

  private static String policy(String body) {
    return ScoringFixture.conf("  jobs.decide-retraining { " + body + " }");
  }

  private static int decide(ScoringFixture f, String conf, int day) throws Exception {
    // A run id per call: a run id re-used with another config is refused by the runner.
    return f.run(
        "decide-retraining", conf, LocalDate.of(2026, 11, day), "r" + RUNS.incrementAndGet());
  }

  @Test
  void anyDriftSaysNoBeforeTheInjectedDriftAndRecommendsFromIt(SparkSession spark)
      throws Exception {
    ScoringFixture f = new ScoringFixture(tmp);
    writeDrift(f, spark);
    String conf = policy("policy = any-drift");
    assertEquals(0, decide(f, conf, 4), f.err());
    assertTrue(f.out().contains("fraud: no retraining (performance within margin"), f.out());
    assertTrue(f.out().contains("no data drift: 0 of 3 feature(s) drifted (0.00)"), f.out());
    for (int day = 5; day <= 7; day++) {
      assertEquals(4, decide(f, conf, day), f.err());
      assertTrue(f.out().contains("fraud: retraining recommended"), f.out());
    }
    assertTrue(
        f.out()
            .contains(
                "data drift: 2 of 3 feature(s) drifted (0.67), dataset(s) drifted: [silver.pos]"),
        f.out());
    // Re-running a date replaces its decision.
    assertEquals(4, decide(f, conf, 7));
    List<Row> decisions = f.read(spark, "models.decisions").orderBy("run_date").collectAsList();
    assertEquals(4, decisions.size());
    assertEquals(
        List.of(false, true, true, true),
        decisions.stream().map(r -> r.<Boolean>getAs("recommended")).toList());
    assertEquals(
        List.of("silver.pos.amount", "silver.pos.merchant_category"),
        decisions.get(3).getList(decisions.get(3).fieldIndex("drifted_features")));
  }

  @Test
  void driftShareNeedsTheShareAndMinDaysHoldsBackARepeat(SparkSession spark) throws Exception {
    ScoringFixture f = new ScoringFixture(tmp);
    writeDrift(f, spark);
    String share = policy("policy = drift-share, drift-share = 0.5");
    assertEquals(0, decide(f, share, 5), f.err());
    assertTrue(f.out().contains("1 of 3 feature(s) drifted (0.33) < 0.50 (drift-share)"), f.out());
    assertEquals(4, decide(f, share, 6), f.err());
    assertTrue(f.out().contains("2 of 3 feature(s) drifted (0.67) >= 0.50"), f.out());

    String spaced = policy("policy = any-drift, min-days-between = 2");
    assertEquals(4, decide(f, spaced, 5), f.err());
    assertEquals(0, decide(f, spaced, 6), f.err());
    assertTrue(
        f.out()
            .contains(
                "held back: retraining was last recommended on 2026-11-05, 1 day(s) ago"
                    + " (min-days-between = 2)"),
        f.out());
    assertEquals(4, decide(f, spaced, 7), f.err());
  }

  @Test
  void performanceOnlyIgnoresDriftAndFollowsTheChampionsVerdict(SparkSession spark)
      throws Exception {
    ScoringFixture f = new ScoringFixture(tmp);
    writeDrift(f, spark);
    String perf = policy("policy = performance-only");
    assertEquals(0, decide(f, perf, 6), f.err());
    assertTrue(f.out().contains("data drift not considered (performance-only)"), f.out());
    f.write(
        spark,
        "models.performance",
        Rows.frame(
            spark,
            PERFORMANCE,
            Rows.row(
                "fraud", Date.valueOf("2026-11-03"), 1L, "champion", "auc_roc", 0.6, "degraded"),
            Rows.row(
                "fraud",
                Date.valueOf("2026-11-04"),
                2L,
                "challenger",
                "auc_roc",
                0.5,
                "degraded")));
    assertEquals(4, decide(f, perf, 6), f.err());
    assertTrue(f.out().contains("performance degraded on [2026-11-03]"), f.out());
    // Outside the 7-day window the old verdict no longer counts.
    assertEquals(0, decide(f, perf, 11), f.err());
    // A policy that does not exist: exit 2 naming the key.
    assertEquals(2, decide(f, policy("policy = sometimes"), 6));
    assertTrue(f.err().contains("mljobs.jobs.decide-retraining.policy"), f.err());
  }
}
