package io.mljobs.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.quality.CheckQualityJob;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's quality section when {@code quality.check_results} has rows: the run date's results
 * of the latest check-quality run of the dataset, not an earlier run's, nor another date's.
 */
@ExtendWith(SharedSpark.class)
class DetectDriftReportQualityTest {
  @TempDir Path tmp;

  private static Row result(String date, String check, String status, String message, String at) {
    return RowFactory.create(
        "payments",
        Date.valueOf(date),
        "quality-" + at,
        check,
        "type",
        "error",
        status,
        1.0,
        message,
        "bronze.payments",
        0L,
        Timestamp.valueOf(at));
  }

  @Test
  void theRunDatesLatestQualityResultsAreInTheReport(SparkSession spark) throws Exception {
    spark
        .range(20)
        .selectExpr("CAST(id AS DOUBLE) AS amount")
        .write()
        .format("delta")
        .save(tmp.resolve("warehouse/silver/payments").toString());
    String day = DetectDriftJobErrorsTest.RUN_DATE.toString();
    List<Row> rows =
        List.of(
            result(day, "superseded-check", "failure", "earlier run", day + " 08:00:00"),
            result(day, "row-count >= 1", "success", "Value: 20", day + " 09:00:00"),
            result(day, "unique(id)", "failure", "Value: 0.5 < 1", day + " 09:00:00"),
            result("2026-11-04", "other-day-check", "success", "other day", "2026-11-04 09:00:00"));
    spark
        .createDataFrame(rows, CheckQualityJob.RESULTS_SCHEMA)
        .write()
        .format("delta")
        .save(tmp.resolve("warehouse/quality/check_results").toString());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String conf =
        DetectDriftJobErrorsTest.pipeline("reference { type = table-version, version = 0 }", "");
    assertEquals(0, DetectDriftJobErrorsTest.detectDrift(tmp, conf, out, err), out + "\n" + err);

    Path report = tmp.resolve("warehouse/_reports/detect-drift/" + day + "/drift-test.html");
    String html = Files.readString(report);
    assertFalse(html.contains("quality-none"), "results exist for the date");
    String table = html.substring(html.indexOf("<table id=\"quality\">"));
    table = table.substring(0, table.indexOf("</table>"));
    assertEquals(
        3, table.split("<tr>", -1).length - 1, "header + the latest run's 2 rows: " + table);
    assertTrue(
        table.indexOf("<td>row-count &gt;= 1</td>") < table.indexOf("<td>unique(id)</td>"), table);
    assertTrue(table.contains("<td class=\"ok\">success</td><td>Value: 20</td>"), table);
    assertTrue(table.contains("<td class=\"drift\">failure</td><td>Value: 0.5 &lt; 1</td>"), table);
    assertFalse(table.contains("superseded-check"), "an earlier run of the date is not shown");
    assertFalse(table.contains("other-day-check"), "another date's results are not shown");
  }
}
