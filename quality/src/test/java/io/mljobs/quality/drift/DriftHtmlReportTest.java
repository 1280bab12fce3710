package io.mljobs.quality.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The report's page without a browser: the run date's quality-check results (or the note that there
 * are none), one chart per compared feature, and the error hook running before anything else.
 * DriftReportBrowserIT (jobs) loads the same page in headless Chromium.
 */
class DriftHtmlReportTest {
  private static final DatasetDrift DRIFT =
      new DriftJudge(f -> DriftThresholds.DEFAULTS, LearnedThresholds.OFF, 0.5)
          .judge(
              "payments",
              List.of(
                  new FeatureComparison(
                      "channel",
                      FeatureKind.CATEGORICAL,
                      Map.of(DriftStatistic.PSI, 0.6, DriftStatistic.CHI2_PVALUE, 1e-9),
                      Map.of(),
                      Optional.empty(),
                      new FeatureComparison.Chart(
                          List.of("web", "app"), new double[] {1, 0}, new double[] {0.6, 0.4}),
                      100,
                      100),
                  FeatureComparison.undefined(
                      "legacy", FeatureKind.NUMERIC, "the current data has no rows", 100, 0)),
              DriftJudge.History.NONE,
              2);

  private static String render(List<DriftHtmlReport.QualityCheck> quality) {
    return DriftHtmlReport.render(
        "Drift report",
        "run-1",
        "2026-11-05",
        List.of(new DriftHtmlReport.Section(DRIFT, "ref", "cur")),
        quality);
  }

  @Test
  void qualityResultsOfTheRunDateAreListedWithTheirStatus() {
    String html =
        render(
            List.of(
                new DriftHtmlReport.QualityCheck(
                    "payments", "row-count >= 1", "error", "success", "Value: 100"),
                new DriftHtmlReport.QualityCheck(
                    "payments", "amount < 10000", "warning", "warning", "Value: 0.9 < 1"),
                new DriftHtmlReport.QualityCheck(
                    "payments", "unique(id)", "error", "failure", "<b>dupes</b>")));
    assertFalse(html.contains("quality-none"), "no 'none' note when results exist");
    String table = html.substring(html.indexOf("<table id=\"quality\">"));
    table = table.substring(0, table.indexOf("</table>"));
    assertEquals(4, table.split("<tr>", -1).length - 1, "a header and one row per result");
    assertTrue(
        table.contains(
            "<td>payments</td><td>row-count &gt;= 1</td><td>error</td>"
                + "<td class=\"ok\">success</td><td>Value: 100</td>"),
        table);
    assertTrue(table.contains("<td class=\"warning\">warning</td>"), table);
    assertTrue(table.contains("<td class=\"drift\">failure</td>"), table);
    assertTrue(table.contains("&lt;b&gt;dupes&lt;/b&gt;"), "messages are escaped: " + table);
    assertTrue(
        html.indexOf("<h2>Quality checks of 2026-11-05</h2>") < html.indexOf("id=\"quality\""));
  }

  @Test
  void withoutQualityResultsThePageSaysSo() {
    String html = render(List.of());
    assertTrue(html.contains("<p id=\"quality-none\">"), html);
    assertFalse(html.contains("<table id=\"quality\">"));
  }

  @Test
  void oneChartPerComparedFeatureWithItsShareScale() {
    String html = render(List.of());
    assertEquals(1, html.split("<svg class=\"chart\"", -1).length - 1, "none for 'legacy'");
    assertTrue(html.contains(">100.0%</text>"), "the top of the scale is the largest share");
    assertTrue(html.contains("Not compared: the current data has no rows."));
  }

  @Test
  void theErrorHookIsTheFirstScriptAndTheLastOneReportsItsErrors() {
    String html = render(List.of());
    assertEquals(html.indexOf("<script>"), html.indexOf(DriftHtmlReport.ERROR_HOOK));
    assertTrue(html.indexOf(DriftHtmlReport.ERROR_HOOK) < html.indexOf("<title>"));
    String last = html.substring(html.lastIndexOf("<script>"));
    assertTrue(last.contains("'data-errors',window.__reportErrors.join("), last);
    assertTrue(last.indexOf("data-errors") < last.indexOf("data-ready"), last);
  }

  @Test
  void theMissingShareAndTheModeAreShownPerFeature() {
    FeatureComparison amount =
        new FeatureComparison(
            "amount",
            FeatureKind.NUMERIC,
            Map.of(DriftStatistic.PSI, 0.01, DriftStatistic.MISSING_SHARE, 0.39),
            Map.of(DriftStatistic.MISSING_SHARE, new MissingShare(1000, 10, 200, 80).detail()),
            Optional.empty(),
            new FeatureComparison.Chart(
                List.of("(-inf, 5]", "(5, +inf)"),
                new double[] {0.5, 0.5},
                new double[] {0.5, 0.5}),
            990,
            120);
    DatasetDrift d =
        new DriftJudge(f -> DriftThresholds.DEFAULTS, LearnedThresholds.OFF, 0.5)
            .judge("payments", List.of(amount), DriftJudge.History.NONE, 1);
    String html =
        DriftHtmlReport.render(
            "Drift report",
            "run-1",
            "2026-11-05",
            List.of(new DriftHtmlReport.Section(d, "ref", "cur", Map.of("amount", "sketch"))),
            List.of());
    assertTrue(html.contains("<th>missing share change</th>"), "summary column");
    assertTrue(html.contains("<td>0.3900</td>"), "summary value");
    assertTrue(
        html.contains(
            "missing: reference 1.00% (10 of 1000 rows), current 40.00% (80 of 200 rows)"),
        "the two shares in the statistic's detail");
    assertTrue(html.contains("<td>missing_share</td><td>0.3900</td><td>&gt; 0.0500</td>"), html);
    assertTrue(html.contains("distributions: <span class=\"mode\">sketch</span>"), "the mode");
  }

  @Test
  void aChartOfManyCategoriesShowsTheTopTwentyAndOther() {
    List<String> labels = new java.util.ArrayList<>();
    double[] r = new double[101];
    double[] c = new double[101];
    for (int i = 0; i < 100; i++) {
      labels.add("k" + i);
      r[i] = (100 - i) / 5050.0;
      c[i] = i == 77 ? 0.5 : (100 - i) / 10100.0; // k77 jumps in current: drawn
    }
    labels.add(CategoricalDistribution.OTHER);
    FeatureComparison.Chart top =
        DriftHtmlReport.topCategories(new FeatureComparison.Chart(labels, r, c));
    assertEquals(21, top.labels().size());
    assertTrue(top.labels().contains("k77"), top.labels().toString());
    assertEquals(CategoricalDistribution.OTHER, top.labels().get(20));
    double rs = 0;
    double cs = 0;
    for (int i = 0; i < 21; i++) {
      rs += top.reference()[i];
      cs += top.current()[i];
    }
    assertEquals(DriftMath.sum(r), rs, 1e-12, "nothing lost: the rest is in (other)");
    assertEquals(DriftMath.sum(c), cs, 1e-12);
  }
}
