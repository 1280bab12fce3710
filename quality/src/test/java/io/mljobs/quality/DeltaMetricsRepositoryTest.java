package io.mljobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.error.JobFailure;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Delta metrics history: Deequ keys, SQL access, re-runs, retention and format versions. */
@ExtendWith(SharedSpark.class)
class DeltaMetricsRepositoryTest {
  @TempDir Path tmp;

  private QualityReport runOn(
      SparkSession spark, DeltaMetricsRepository repo, LocalDate date, String runId) {
    return QualityChecksTest.checks(spark, QualityChecksTest.spec("fail"))
        .runDate(date)
        .saveMetricsTo(repo, Map.of("run_id", runId, "table_version", "3"))
        .run(QualityChecksTest.defective(spark));
  }

  @Test
  void metricsOfEveryRunAreKeptQueryableAndLoadableByDeequ(SparkSession spark) {
    String path = tmp.resolve("quality/metrics").toString();
    DeltaMetricsRepository first =
        DeltaMetricsRepository.open(spark, path, "pos", Duration.ofDays(400));
    QualityReport report = runOn(spark, first, LocalDate.of(2026, 11, 6), "r1");
    runOn(spark, first, LocalDate.of(2026, 11, 6), "r1"); // a re-run replaces its own rows

    // A new repository over the same table (a later process) sees the first run and adds one.
    DeltaMetricsRepository second =
        DeltaMetricsRepository.open(spark, path, "pos", Duration.ofDays(400));
    runOn(spark, second, LocalDate.of(2026, 11, 7), "r2");

    List<Row> sizes =
        spark
            .sql(
                "SELECT run_date, run_id, value, tags['table_version'] FROM delta.`"
                    + path
                    + "` WHERE dataset = 'pos' AND name = 'Size' ORDER BY run_date")
            .collectAsList();
    assertEquals(2, sizes.size(), sizes.toString());
    assertEquals("2026-11-06", sizes.get(0).get(0).toString());
    assertEquals("r2", sizes.get(1).getString(1));
    assertEquals(10.0, sizes.get(1).getDouble(2));
    assertEquals("3", sizes.get(1).getString(3));
    long perRun = report.metrics().size();
    assertEquals(2 * perRun, second.history().count(), "one row per metric per run");

    var loaded =
        second.loadByKey(
            new com.amazon.deequ.repository.ResultKey(
                QualityChecks.resultDate(LocalDate.of(2026, 11, 7)),
                DeequInterop.map(Map.of("run_id", "r2", "table_version", "3", "gate", "failed"))));
    assertTrue(loaded.isDefined());
    assertEquals(perRun, (long) loaded.get().allMetrics().size());
    assertEquals(2, DeequInterop.javaList(second.load().get()).size());
    assertEquals(
        1,
        DeequInterop.javaList(
                second.load().after(QualityChecks.resultDate(LocalDate.of(2026, 11, 7))).get())
            .size());
  }

  @Test
  void olderRowsThanTheRetentionAreDeletedAfterASave(SparkSession spark) {
    String path = tmp.resolve("quality/metrics").toString();
    DeltaMetricsRepository repo =
        DeltaMetricsRepository.open(spark, path, "pos", Duration.ofDays(5));
    runOn(spark, repo, LocalDate.of(2026, 11, 1), "old");
    runOn(spark, repo, LocalDate.of(2026, 11, 7), "new");
    assertEquals(
        List.of("new"),
        repo.history()
            .select("run_id")
            .distinct()
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());
  }

  @Test
  void aTableWrittenByANewerFormatIsRefused(SparkSession spark) {
    String path = tmp.resolve("quality/metrics").toString();
    DeltaMetricsRepository.open(spark, path, "pos", Duration.ofDays(5));
    spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('mljobs.metrics.format' = '2')");
    JobFailure e =
        assertThrows(
            JobFailure.class,
            () -> DeltaMetricsRepository.open(spark, path, "pos", Duration.ofDays(5)));
    assertTrue(
        e.getMessage().contains("was written in metrics format 2, newer than"), e.getMessage());
  }
}
