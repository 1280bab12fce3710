package io.mljobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anomaly checks against a Delta metrics history: the first run has no history, five ordinary days
 * build it, a normal day passes, and a day with five times the rows fails the gate.
 */
@ExtendWith(SharedSpark.class)
class AnomalyTest {
  static final LocalDate DAY_1 = LocalDate.of(2026, 11, 1);

  static final String CHECKS =
      """
      cards {
        table = "bronze.cards"
        checks = [
          { type = anomaly, metric = row-count, strategy = relative-rate-of-change, max-increase = 0.5, max-decrease = 0.5 }
          { type = anomaly, metric = completeness, column = card_id, strategy = online-normal, lower-deviation-factor = 2, severity = warning }
        ]
      }
      """;

  @TempDir Path tmp;

  /**
   * {@code rows} rows; card_id is null for every tenth row and for the first {@code extraNulls}.
   */
  static Dataset<Row> day(SparkSession spark, long rows, long extraNulls) {
    return spark
        .range(rows)
        .selectExpr(
            "id",
            "CASE WHEN id % 10 = 0 OR id < " + extraNulls + " THEN NULL ELSE id END AS card_id");
  }

  private QualityReport run(
      SparkSession spark, DeltaMetricsRepository repo, int day, Dataset<Row> rows) {
    QualityReport report =
        QualityChecks.of(DatasetSpecsTest.parse(CHECKS).get("cards"))
            .runDate(DAY_1.plusDays(day - 1))
            .saveMetricsTo(repo, Map.of("run_id", "run-" + day))
            .run(rows);
    System.out.print(report.toText());
    return report;
  }

  private static CheckOutcome outcome(QualityReport report, String name) {
    return report.outcomes().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void firstRunHasNoHistoryNormalDayPassesAndFiveTimesTheRowsFails(SparkSession spark) {
    DeltaMetricsRepository repo =
        DeltaMetricsRepository.open(
            spark, tmp.resolve("quality/metrics").toString(), "cards", Duration.ofDays(400));
    String rowCount = "anomaly(row-count)";
    String completeness = "anomaly(completeness,card_id)";

    QualityReport first = run(spark, repo, 1, day(spark, 1000, 0));
    assertTrue(first.gatePassed(), first.toText());
    assertEquals(CheckStatus.NO_HISTORY, outcome(first, rowCount).status());
    assertEquals(1000.0, outcome(first, rowCount).metric());
    assertTrue(
        outcome(first, rowCount).message().startsWith("no history yet; 1 earlier run(s) needed"),
        outcome(first, rowCount).message());
    assertEquals(CheckStatus.NO_HISTORY, outcome(first, completeness).status());
    assertTrue(
        outcome(first, completeness).message().startsWith("no history yet; 5 earlier run(s)"),
        outcome(first, completeness).message());
    assertEquals("no-history", CheckStatus.NO_HISTORY.label());

    long[][] history = {{1040, 5}, {960, 12}, {1020, 3}, {980, 8}};
    for (int i = 0; i < history.length; i++) {
      QualityReport r = run(spark, repo, i + 2, day(spark, history[i][0], history[i][1]));
      assertEquals(CheckStatus.SUCCESS, outcome(r, rowCount).status(), r.toText());
    }

    // Day 6: an ordinary day; both checks are judged (online-normal with 2σ needs 5 earlier runs).
    QualityReport normal = run(spark, repo, 6, day(spark, 1010, 6));
    assertTrue(normal.gatePassed(), normal.toText());
    assertEquals(CheckStatus.SUCCESS, outcome(normal, rowCount).status(), normal.toText());
    assertEquals(CheckStatus.SUCCESS, outcome(normal, completeness).status(), normal.toText());

    // Day 7: five times the rows, and half of card_id missing.
    QualityReport spike = run(spark, repo, 7, day(spark, 5000, 2500));
    assertFalse(spike.gatePassed(), spike.toText());
    CheckOutcome rows = outcome(spike, rowCount);
    assertEquals(CheckStatus.FAILURE, rows.status());
    assertEquals(5000.0, rows.metric());
    assertTrue(
        rows.message()
            .startsWith(
                "anomaly: row-count is 5000 against previous run 1010, allowed [505, 1515];"),
        rows.message());
    assertTrue(rows.message().contains("(6 earlier run(s))"), rows.message());
    assertEquals(CheckStatus.WARNING, outcome(spike, completeness).status(), spike.toText());

    // A re-run of day 7 reads the same history (runs before the run date), so it fails the same
    // way.
    QualityReport again = run(spark, repo, 7, day(spark, 5000, 2500));
    assertEquals(CheckStatus.FAILURE, outcome(again, rowCount).status(), again.toText());
  }

  @Test
  void withoutMetricsRepositoryAnomalyChecksReportNoHistory(SparkSession spark) {
    QualityReport report =
        QualityChecks.of(DatasetSpecsTest.parse(CHECKS).get("cards"))
            .runDate(DAY_1)
            .run(day(spark, 20, 0));
    assertTrue(report.gatePassed());
    assertEquals(
        CheckStatus.NO_HISTORY, outcome(report, "anomaly(row-count)").status(), report.toText());
  }
}
