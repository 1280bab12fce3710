package io.mljobs.jobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anomaly gate end to end, through the job and its exit code: a pipeline whose dataset has an
 * error-level "row count within ±50% of the previous run" check. Day 1 has no history (reported as
 * such, exit 0), day 2 is ordinary (exit 0, promoted), day 3 has five times the rows: exit 3 and
 * nothing promoted. The history is read back from the Delta metrics table by each new run.
 */
@ExtendWith(SharedSpark.class)
class CheckQualityAnomalyJobTest {
  private static final LocalDate DAY_1 = LocalDate.of(2026, 11, 1);

  private static final String PIPELINE =
      """
      mljobs {
        pipeline = anomaly-test
        datasets.events {
          table = "bronze.events"
          partition-column = "_run_date"
          checks = [
            { type = row-count, min = 1 }
            { type = anomaly, metric = row-count, strategy = relative-rate-of-change, max-increase = 0.5, max-decrease = 0.5 }
          ]
        }
      }
      """;

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int checkQuality(LocalDate date) throws Exception {
    out.reset();
    err.reset();
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    Path pipeline = tmp.resolve("pipeline");
    Files.createDirectories(pipeline);
    Files.writeString(pipeline.resolve("pipeline.conf"), PIPELINE);
    ConfigRequest config =
        new ConfigRequest(
            pipeline,
            "local",
            root.resolve("conf"),
            Map.of("mljobs.warehouse", tmp.resolve("warehouse").toString()));
    return new JobRunner(
            JobRegistry.of(new CheckQualityJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(new JobInvocation("check-quality", config, date, "quality-" + date, false));
  }

  private String table(String name) {
    return tmp.resolve("warehouse").resolve(name.replace('.', '/')).toString();
  }

  private void appendDay(SparkSession spark, LocalDate date, long rows) {
    spark
        .range(rows)
        .selectExpr("id", "CAST('" + date + "' AS DATE) AS _run_date")
        .write()
        .format("delta")
        .mode("append")
        .partitionBy("_run_date")
        .save(table("bronze.events"));
  }

  @Test
  void fiveTimesTheUsualRowsFailsTheGateWithExitCode3(SparkSession spark) throws Exception {
    appendDay(spark, DAY_1, 1000);
    assertEquals(0, checkQuality(DAY_1), err + "\n" + out);

    appendDay(spark, DAY_1.plusDays(1), 1100);
    assertEquals(0, checkQuality(DAY_1.plusDays(1)), err + "\n" + out);

    appendDay(spark, DAY_1.plusDays(2), 5500);
    assertEquals(3, checkQuality(DAY_1.plusDays(2)), err + "\n" + out);
    assertTrue(out.toString().contains("gate FAILED for [events]"), out.toString());

    List<Row> promoted =
        spark
            .sql(
                "SELECT CAST(_run_date AS STRING), count(*) FROM delta.`"
                    + table("silver.events")
                    + "` GROUP BY 1 ORDER BY 1")
            .collectAsList();
    assertEquals("[[2026-11-01,1000], [2026-11-02,1100]]", promoted.toString());
    List<Row> anomaly =
        spark
            .sql(
                "SELECT status, metric FROM delta.`"
                    + table("quality.check_results")
                    + "` WHERE check = 'anomaly(row-count)' ORDER BY run_date")
            .collectAsList();
    assertEquals(3, anomaly.size(), anomaly.toString());
    assertEquals("no-history", anomaly.get(0).getString(0));
    assertEquals("success", anomaly.get(1).getString(0));
    assertEquals("failure", anomaly.get(2).getString(0));
    assertEquals(5500.0, anomaly.get(2).getDouble(1));
  }
}
