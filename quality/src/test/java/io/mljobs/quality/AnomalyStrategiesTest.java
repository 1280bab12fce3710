package io.mljobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Entity;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.ResultKey;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anomaly baselines that survive a catch-up day (issue 13, item 10). The history is a Delta metrics
 * table holding one row-count result per earlier day (saved through the repository as a
 * check-quality run saves it); the newest day is judged by a real check run through Deequ's anomaly
 * constraint. Every expected number is computed by hand in the test's comments.
 */
@ExtendWith(SharedSpark.class)
class AnomalyStrategiesTest {
  static final LocalDate DAY_0 = LocalDate.of(2026, 10, 1);

  /** Six ordinary days, then a catch-up delivery (5,000 rows) on the sixth. */
  static final double[] CATCH_UP = {1000, 1020, 980, 1010, 990, 5000};

  @TempDir Path tmp;

  private DeltaMetricsRepository repo(SparkSession spark) {
    return DeltaMetricsRepository.open(
        spark, tmp.resolve("quality/metrics").toString(), "events", Duration.ofDays(400));
  }

  /** Saves day {@code i}'s row count under run id run-i, with {@code extra} tags on some days. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void history(
      DeltaMetricsRepository repo, double[] values, Map<Integer, Map<String, String>> extra) {
    Analyzer<?, Metric<?>> size = (Analyzer) new Size(DeequInterop.none());
    for (int i = 0; i < values.length; i++) {
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put("run_id", "run-" + i);
      tags.put("gate", "passed");
      tags.putAll(extra.getOrDefault(i, Map.of()));
      DoubleMetric metric =
          new DoubleMetric(
              Entity.Dataset(),
              "Size",
              "*",
              new scala.util.Success<>((Object) values[i]),
              DeequInterop.none());
      scala.collection.immutable.Map<Analyzer<?, Metric<?>>, Metric<?>> metrics =
          scala.collection.immutable.Map$.MODULE$
              .<Analyzer<?, Metric<?>>, Metric<?>>empty()
              .$plus(new scala.Tuple2<>(size, (Metric<?>) metric));
      repo.save(
          new ResultKey(QualityChecks.resultDate(DAY_0.plusDays(i)), DeequInterop.map(tags)),
          new AnalyzerContext(metrics));
    }
  }

  /** One check-quality run on day {@code day} over {@code rows} rows, with {@code check}. */
  private static CheckOutcome judge(
      SparkSession spark, DeltaMetricsRepository repo, String check, int day, long rows) {
    DatasetSpec spec =
        DatasetSpecsTest.parse("events { table = \"bronze.events\", checks = [ " + check + " ] }")
            .get("events");
    QualityReport report =
        QualityChecks.of(spec)
            .runDate(DAY_0.plusDays(day))
            .saveMetricsTo(repo, Map.of("run_id", "judged-" + day + "-" + rows))
            .run(spark.range(rows).toDF());
    System.out.print(report.toText());
    return report.outcomes().get(0);
  }

  static final String RELATIVE =
      "{ type = anomaly, metric = row-count, strategy = relative-rate-of-change,"
          + " max-increase = 0.5, max-decrease = 0.5 }";

  @Test
  void aCatchUpDayFailsTheNextNormalDayAgainstThePreviousRunButNotAgainstTheMedian(
      SparkSession spark) {
    DeltaMetricsRepository repo = repo(spark);
    history(repo, CATCH_UP, Map.of());

    // The defect: 1,000 against the previous run's 5,000 is -80%.
    CheckOutcome relative = judge(spark, repo, RELATIVE, 6, 1000);
    assertEquals(CheckStatus.FAILURE, relative.status());
    assertTrue(
        relative
            .message()
            .startsWith(
                "anomaly: row-count is 1000 against previous run 5000, allowed [2500, 7500];"),
        relative.message());

    // Median of the six earlier runs: sorted 980 990 1000 1010 1020 5000 -> (1000 + 1010) / 2.
    String median =
        "{ type = anomaly, metric = row-count, strategy = median, max-increase = 0.5,"
            + " max-decrease = 0.5 }";
    assertEquals(CheckStatus.SUCCESS, judge(spark, repo, median, 6, 1000).status());
    // 1005 * 1.5 = 1507.5: 1507 passes, 1508 does not.
    assertEquals(CheckStatus.SUCCESS, judge(spark, repo, median, 6, 1507).status());
    CheckOutcome high = judge(spark, repo, median, 6, 1508);
    assertEquals(CheckStatus.FAILURE, high.status());
    assertEquals(
        "anomaly: row-count is 1508 against median 1005 of 6 earlier run(s), allowed [502.5000,"
            + " 1507.5000]; expected row-count within -50% / +50% of the median of the earlier"
            + " runs in the window (median) (6 earlier run(s))",
        high.message());

    // window = 3: the last three runs 1010 990 5000 -> median 1010, upper bound 1515.
    String window3 =
        "{ type = anomaly, metric = row-count, strategy = median, window = 3, max-increase = 0.5 }";
    CheckOutcome windowed = judge(spark, repo, window3, 6, 1516);
    assertEquals(CheckStatus.FAILURE, windowed.status());
    assertTrue(
        windowed
            .message()
            .contains("against median 1010 of 3 earlier run(s), allowed [-inf, 1515]"),
        windowed.message());
    assertEquals(CheckStatus.SUCCESS, judge(spark, repo, window3, 6, 1515).status());
  }

  @Test
  void runsTaggedCatchUpOrFailedAreLeftOutOfTheHistory(SparkSession spark) {
    DeltaMetricsRepository repo = repo(spark);
    history(repo, CATCH_UP, Map.of(5, Map.of("catch-up", "true"), 2, Map.of("gate", "failed")));
    String excluding =
        "{ type = anomaly, metric = row-count, strategy = relative-rate-of-change,"
            + " max-increase = 0.5, max-decrease = 0.5,"
            + " exclude-runs = [\"catch-up=true\", \"gate=failed\"] }";
    // The previous run left in is day 4 (990): 1000 is +1%.
    assertEquals(CheckStatus.SUCCESS, judge(spark, repo, excluding, 6, 1000).status());
    CheckOutcome o = judge(spark, repo, excluding, 6, 1486);
    assertEquals(CheckStatus.FAILURE, o.status());
    assertEquals(
        "anomaly: row-count is 1486 against previous run 990, allowed [495, 1485]; expected"
            + " row-count within -50% / +50% of the previous run (relative-rate-of-change)"
            + " (4 earlier run(s), 2 more left out by exclude-runs)",
        o.message());
    // Without exclusions the same day is judged against the catch-up day.
    assertEquals(CheckStatus.FAILURE, judge(spark, repo, RELATIVE, 6, 1000).status());
  }

  @Test
  void eachRunRecordsItsGateVerdictAsATag(SparkSession spark) {
    DeltaMetricsRepository repo = repo(spark);
    history(repo, CATCH_UP, Map.of());
    judge(spark, repo, RELATIVE, 6, 1000); // fails: gate=failed
    judge(spark, repo, RELATIVE, 7, 1000); // 1000 vs 1000 (the failed run is still history)
    List<Row> tags =
        repo.history()
            .where("run_id LIKE 'judged-%' AND name = 'Size'")
            .selectExpr("run_id", "tags['gate']")
            .orderBy("run_id")
            .collectAsList();
    assertEquals("[[judged-6-1000,failed], [judged-7-1000,passed]]", tags.toString());
  }

  @Test
  void batchNormalJudgesAgainstMeanAndSampleSigmaOfTheWindow(SparkSession spark) {
    DeltaMetricsRepository repo = repo(spark);
    // The first day is outside window = 5: 100 102 98 101 99 -> mean 100,
    // sample σ = sqrt((0 + 4 + 4 + 1 + 1) / 4) = sqrt(2.5) = 1.58114; 3σ = 4.74342.
    history(repo, new double[] {5000, 100, 102, 98, 101, 99}, Map.of());
    String batch = "{ type = anomaly, metric = row-count, strategy = batch-normal, window = 5 }";
    assertEquals(CheckStatus.SUCCESS, judge(spark, repo, batch, 6, 104).status());
    assertEquals(CheckStatus.SUCCESS, judge(spark, repo, batch, 6, 96).status());
    CheckOutcome o = judge(spark, repo, batch, 6, 105);
    assertEquals(CheckStatus.FAILURE, o.status());
    assertTrue(
        o.message()
            .startsWith(
                "anomaly: row-count is 105 against mean 100, σ 1.5811 of 5 earlier run(s),"
                    + " allowed [95.2566, 104.7434];"),
        o.message());
    assertEquals(CheckStatus.FAILURE, judge(spark, repo, batch, 6, 95).status());
  }

  @Test
  void absoluteChangeBoundsTheDifferenceToThePreviousRun(SparkSession spark) {
    DeltaMetricsRepository repo = repo(spark);
    history(repo, new double[] {1000, 1100}, Map.of());
    String absolute =
        "{ type = anomaly, metric = row-count, strategy = absolute-change, max-increase = 200,"
            + " max-decrease = 100 }";
    // previous 1100: allowed [1000, 1300]
    assertEquals(CheckStatus.SUCCESS, judge(spark, repo, absolute, 2, 1300).status());
    assertEquals(CheckStatus.SUCCESS, judge(spark, repo, absolute, 2, 1000).status());
    assertEquals(CheckStatus.FAILURE, judge(spark, repo, absolute, 2, 999).status());
    CheckOutcome o = judge(spark, repo, absolute, 2, 1301);
    assertEquals(CheckStatus.FAILURE, o.status());
    assertTrue(
        o.message()
            .startsWith(
                "anomaly: row-count is 1301 against previous run 1100, allowed [1000, 1300];"),
        o.message());
  }

  @Test
  void holtWintersLearnsTheWeekSoTheBigWeekdayIsNoAnomaly(SparkSession spark) {
    DeltaMetricsRepository repo = repo(spark);
    // Four weeks minus two days of a weekly pattern whose sixth day triples, with a little
    // deterministic noise (so the model's residuals are not all zero).
    double[] pattern = {100, 120, 130, 110, 150, 450, 90};
    double[] noise = {
      2, -1, 0, 1, -2, 1, -1, 0, 2, -1, 1, 0, -2, 1, 0, 1, -1, 2, 0, -1, 1, 0, -1, 1, 0, -2
    };
    double[] days = new double[26];
    for (int i = 0; i < days.length; i++) {
      days[i] = pattern[i % 7] + noise[i];
    }
    history(repo, days, Map.of());
    String hw = "{ type = anomaly, metric = row-count, strategy = holt-winters }";
    // Day 26 is the sixth weekday (26 % 7 = 5): 450 rows, three times the day before.
    assertEquals(CheckStatus.FAILURE, judge(spark, repo, RELATIVE, 26, 450).status());
    assertEquals(CheckStatus.SUCCESS, judge(spark, repo, hw, 26, 450).status());
    CheckOutcome low = judge(spark, repo, hw, 26, 150);
    assertEquals(CheckStatus.FAILURE, low.status());
    Matcher m =
        java.util.regex.Pattern.compile(
                "^anomaly: row-count is 150 against Holt-Winters forecast (\\S+) from 26 earlier"
                    + " run\\(s\\); expected row-count within 1.96 residual σ of the Holt-Winters"
                    + " forecast \\(weekly seasonality\\) \\(holt-winters\\) \\(26 earlier run\\(s\\)\\)$")
            .matcher(low.message());
    assertTrue(m.find(), low.message());
    double forecast = Double.parseDouble(m.group(1));
    assertTrue(Math.abs(forecast - 450) < 10, "the forecast follows the week: " + forecast);
  }

  @Test
  void tooFewRunsForHoltWintersReportNoHistory(SparkSession spark) {
    DeltaMetricsRepository repo = repo(spark);
    history(repo, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, Map.of());
    CheckOutcome o =
        judge(
            spark, repo, "{ type = anomaly, metric = row-count, strategy = holt-winters }", 13, 5);
    assertEquals(CheckStatus.NO_HISTORY, o.status());
    assertTrue(
        o.message().startsWith("no history yet; 14 earlier run(s) needed, 13 found"), o.message());
    assertFalse(o.blocks());
  }
}
