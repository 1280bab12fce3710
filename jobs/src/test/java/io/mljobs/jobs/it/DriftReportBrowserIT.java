package io.mljobs.jobs.it;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import io.mljobs.quality.drift.DatasetDrift;
import io.mljobs.quality.drift.DriftAnalysis;
import io.mljobs.quality.drift.DriftHtmlReport;
import io.mljobs.quality.drift.DriftJudge;
import io.mljobs.quality.drift.DriftMode;
import io.mljobs.quality.drift.DriftOptions;
import io.mljobs.quality.drift.DriftThresholds;
import io.mljobs.quality.drift.FeatureKind;
import io.mljobs.quality.drift.FeatureSpec;
import io.mljobs.quality.drift.LearnedThresholds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detect-drift HTML report in a real headless Chromium (issue 5 §6): it loads without console
 * errors, shows one chart per compared feature, and a screenshot is produced (copied to {@code
 * jobs/target/drift-report-screenshot.png} for a human to look at). The checker is shown to catch a
 * deliberate script error and a {@code console.error}. The report comes from a real drift analysis
 * of small inline data: a shifted numeric feature, a categorical one with a new category, a stable
 * one, and one missing from the current side (not compared, so no chart).
 */
class DriftReportBrowserIT {
  private static final int COMPARED_FEATURES = 3;
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir static Path tmp;
  private static String html;
  private static Path report;
  private static HeadlessChromium chromium;

  @BeforeAll
  static void renderReport() throws Exception {
    chromium = HeadlessChromium.locate(tmp);
    SparkSession spark = SharedSpark.session();
    Dataset<Row> reference = side(spark, 0, "store").withColumn("legacy_flag", lit("y"));
    Dataset<Row> current = side(spark, 40, "app");
    List<FeatureSpec> features =
        List.of(
            new FeatureSpec("amount", FeatureKind.NUMERIC),
            new FeatureSpec("channel", FeatureKind.CATEGORICAL),
            new FeatureSpec("basket_items", FeatureKind.NUMERIC),
            new FeatureSpec("legacy_flag", FeatureKind.CATEGORICAL));
    DriftAnalysis.Result result =
        DriftAnalysis.of(DriftOptions.DEFAULTS.withMode(DriftMode.EXACT).withTopK(20))
            .compare(reference, current, features);
    DatasetDrift drift =
        new DriftJudge(f -> DriftThresholds.DEFAULTS, LearnedThresholds.OFF, 0.5)
            .judge("payments", result.comparisons(), DriftJudge.History.NONE, result.sparkJobs());
    html =
        DriftHtmlReport.render(
            "Drift report, 2026-11-05",
            "browser-it",
            "2026-11-05",
            List.of(
                new DriftHtmlReport.Section(
                    drift,
                    "silver.payments version 3 (_run_date 2026-11-01 .. 2026-11-03)",
                    "silver.payments version 3 (_run_date = 2026-11-05)")),
            List.of(
                new DriftHtmlReport.QualityCheck(
                    "payments", "row-count >= 1", "error", "success", "Value: 400"),
                new DriftHtmlReport.QualityCheck(
                    "payments", "amount < 10000", "warning", "failure", "Value: 0.97 < 1.0")));
    report = Files.writeString(tmp.resolve("report.html"), html);
  }

  /** 400 rows: amounts 0..99 moved by {@code shift}, a 3-way channel, a stable item count. */
  private static Dataset<Row> side(SparkSession spark, int shift, String thirdChannel) {
    return spark
        .range(400)
        .select(
            col("id").mod(100).plus(shift).cast("double").as("amount"),
            when(col("id").mod(3).equalTo(0), lit("web"))
                .when(col("id").mod(3).equalTo(1), lit("pos"))
                .otherwise(lit(thirdChannel))
                .as("channel"),
            col("id").mod(7).plus(1).as("basket_items"));
  }

  @Test
  void reportLoadsCleanlyWithOneChartPerComparedFeatureAndAScreenshot() throws Exception {
    HeadlessChromium.Run dom = chromium.dumpDom(report);
    assertEquals(List.of(), ReportPage.problems(dom, COMPARED_FEATURES), dom.stderr());
    assertEquals(
        java.util.Optional.of("0"),
        ReportPage.bodyAttribute(dom.stdout(), "data-cut-labels"),
        "chart labels drawn outside their chart");
    assertTrue(dom.stdout().contains("id=\"quality\""), "the quality checks are shown");

    Path png = tmp.resolve("report.png");
    HeadlessChromium.Run shot = chromium.screenshot(report, png);
    assertEquals(0, shot.exitCode(), shot.stderr());
    assertTrue(Files.isRegularFile(png), "no screenshot written\n" + shot.stderr());
    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, PNG_MAGIC.length), "not a PNG");
    // A blank 1280x2000 page compresses to a few KB; the rendered report with charts is far larger.
    assertTrue(bytes.length > 30_000, "screenshot suspiciously small: " + bytes.length + " bytes");
    Path keep = ServiceEnv.projectRoot().resolve("jobs/target/drift-report-screenshot.png");
    Files.createDirectories(keep.getParent());
    Files.copy(png, keep, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Issue 19, item 7: a merchant column with 200 distinct values (30 vanish, 25 new ones appear):
   * the chart shows the top 20 and "(other)", fits a 1400 px page, no axis label is cut, and the
   * table names every new and vanished merchant.
   */
  @Test
  void twoHundredCategoriesKeepTheChartReadableAndNameEveryChange() throws Exception {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> reference =
        spark.sql(
            "SELECT 'merchant_' || lpad(CAST(id % 200 AS STRING), 3, '0') AS merchant"
                + " FROM range(20000)");
    Dataset<Row> current =
        spark.sql(
            "SELECT CASE WHEN id % 400 < 25 THEN 'new_merchant_' || lpad(CAST(id % 400 AS STRING),"
                + " 2, '0') ELSE 'merchant_' || lpad(CAST(id % 170 AS STRING), 3, '0') END"
                + " AS merchant FROM range(20000)");
    DriftAnalysis.Result result =
        DriftAnalysis.of(DriftOptions.DEFAULTS)
            .compare(
                reference, current, List.of(new FeatureSpec("merchant", FeatureKind.CATEGORICAL)));
    DatasetDrift drift =
        new DriftJudge(f -> DriftThresholds.DEFAULTS, LearnedThresholds.OFF, 0.5)
            .judge("payments", result.comparisons(), DriftJudge.History.NONE, 0);
    String page =
        DriftHtmlReport.render(
            "Drift report, 2026-11-05",
            "browser-it-wide",
            "2026-11-05",
            List.of(new DriftHtmlReport.Section(drift, "reference", "current", result.modes())),
            List.of());
    Path wide = Files.writeString(tmp.resolve("wide.html"), page);
    HeadlessChromium.Run dom = chromium.dumpDom(wide);
    assertEquals(List.of(), ReportPage.problems(dom, 1), dom.stderr());
    assertEquals(
        java.util.Optional.of("0"),
        ReportPage.bodyAttribute(dom.stdout(), "data-cut-labels"),
        "chart labels drawn outside their chart");
    int width =
        Integer.parseInt(ReportPage.bodyAttribute(dom.stdout(), "data-page-width").orElseThrow());
    assertTrue(width <= 1400, "page width " + width);
    int bars = page.split("<rect ", -1).length - 1;
    assertEquals(2 * 21, bars, "top 20 merchants and (other), reference and current");
    for (int i = 170; i < 200; i++) {
      assertTrue(page.contains("merchant_" + i), "vanished merchant_" + i + " is named");
    }
    for (int i = 0; i < 25; i++) {
      assertTrue(
          page.contains(String.format("new_merchant_%02d", i)), "new merchant " + i + " is named");
    }
    assertTrue(!page.contains(" more"), "no category is left unnamed");
  }

  @Test
  void theCheckerCatchesScriptErrorsConsoleErrorsAndAMissingChart() throws Exception {
    Path broken = tmp.resolve("broken.html");
    Files.writeString(
        broken,
        html.replace(
            "</body>",
            "<script>console.error('deliberate console error');</script>"
                + "<script>deliberatelyUndefinedFunction();</script></body>"));
    HeadlessChromium.Run run = chromium.dumpDom(broken);
    assertEquals(0, run.exitCode(), run.stderr());
    ReportPage page = ReportPage.parse(run.stdout());
    String errors = page.errors().orElse("(no data-errors)");
    assertTrue(errors.contains("deliberate console error"), errors);
    assertTrue(errors.contains("deliberatelyUndefinedFunction is not defined"), errors);
    assertEquals(1, run.uncaughtInLog().size(), run.stderr());
    List<String> problems = ReportPage.problems(run, COMPARED_FEATURES);
    assertEquals(2, problems.size(), problems.toString());

    // The same page, counted against one chart more than it has.
    List<String> missing = ReportPage.problems(chromium.dumpDom(report), 4);
    assertEquals(2, missing.size(), missing.toString());

    // A page without the report's hook is not taken for a clean one.
    Path plain = tmp.resolve("plain.html");
    Files.writeString(plain, "<!DOCTYPE html><html><body><p>no hook</p></body></html>");
    List<String> hookless = ReportPage.problems(chromium.dumpDom(plain), 0);
    assertTrue(
        hookless.contains("the page's error hook did not report (no data-errors on <body>)"),
        hookless.toString());
  }
}
