package io.mljobs.quality.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a run's drift as one self-contained HTML page (no network: inline CSS, inline SVG charts,
 * a few lines of inline script): a summary with drifted features first, then per feature the
 * reference vs current histogram, its statistics and verdict, then the run date's quality-check
 * results.
 */
public final class DriftHtmlReport {
  /**
   * First script of the page: records uncaught errors (script errors, resources that fail to load),
   * unhandled promise rejections and {@code console.error} calls in {@code window.__reportErrors},
   * mirrored into the body's {@code data-errors} attribute (one message per line), so a headless
   * browser's DOM dump shows whether the page ran cleanly.
   */
  static final String ERROR_HOOK =
      "<script>(function(){var errs=window.__reportErrors=[];"
          + "function rec(m){errs.push(String(m));"
          + "if(document.body){document.body.setAttribute('data-errors',errs.join('\\n'));}}"
          + "window.addEventListener('error',function(e){rec(e.message||('cannot load '+"
          + "((e.target&&(e.target.src||e.target.href))||'a resource')));},true);"
          + "window.addEventListener('unhandledrejection',function(e){"
          + "rec('unhandled rejection: '+e.reason);});"
          + "var ce=console.error;console.error=function(){"
          + "rec(Array.prototype.map.call(arguments,String).join(' '));"
          + "return ce.apply(console,arguments);};})();</script>";

  private DriftHtmlReport() {}

  /**
   * A dataset's drift with where its two sides came from.
   *
   * @param drift the judged dataset
   * @param reference the reference, as read ({@code silver.x version 4 (_run_date 2026-11-01..03)})
   * @param current the current data, as read
   */
  public record Section(
      DatasetDrift drift, String reference, String current, Map<String, String> modes) {
    public Section {
      modes = Map.copyOf(modes);
    }

    /** A section without the per-feature modes. */
    public Section(DatasetDrift drift, String reference, String current) {
      this(drift, reference, current, Map.of());
    }
  }

  /** Categories drawn per categorical chart; the rest is drawn as one "(other)" pair of bars. */
  static final int CHART_CATEGORIES = 20;

  /**
   * One quality-check result of the run date (from {@code quality.check_results}).
   *
   * @param dataset the dataset
   * @param check the check's name
   * @param severity error or warning
   * @param status success, failure, warning, no-history
   * @param message Deequ's constraint message
   */
  public record QualityCheck(
      String dataset, String check, String severity, String status, String message) {}

  /** The page. {@code quality} is empty when no quality results exist for the date. */
  public static String render(
      String title,
      String runId,
      String runDate,
      List<Section> sections,
      List<QualityCheck> quality) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append(ERROR_HOOK)
        .append("<title>")
        .append(esc(title))
        .append("</title><style>")
        .append(
            "body{font:14px system-ui,sans-serif;margin:24px;color:#222}"
                + "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;"
                + "padding:3px 8px;text-align:left}th{background:#f3f3f3}"
                + ".drift{color:#b00020;font-weight:bold}.warning{color:#a66300}.ok{color:#1b5e20}"
                + ".undefined,.info{color:#666}.feature{border-top:2px solid #ddd;margin-top:16px}"
                + "svg{background:#fafafa}.legend span{display:inline-block;width:12px;height:12px;"
                + "margin:0 4px 0 12px}")
        .append("</style></head><body>\n<h1>")
        .append(esc(title))
        .append("</h1><p>run date ")
        .append(esc(runDate))
        .append(", run id ")
        .append(esc(runId))
        .append("</p>\n<h2>Summary</h2><table id=\"summary\"><tr><th>dataset</th><th>feature</th>")
        .append("<th>kind</th><th>verdict</th><th>PSI</th><th>JS</th><th>W1 normed</th>")
        .append("<th>missing share change</th><th>p-value</th></tr>\n");
    for (Section s : sections) {
      for (FeatureDrift f : driftedFirst(s.drift().features())) {
        FeatureComparison c = f.comparison();
        DriftStatistic p =
            c.kind() == FeatureKind.NUMERIC ? DriftStatistic.KS_PVALUE : DriftStatistic.CHI2_PVALUE;
        h.append("<tr><td>")
            .append(esc(s.drift().dataset()))
            .append("</td><td><a href=\"#")
            .append(anchor(s, f))
            .append("\">")
            .append(esc(f.feature()))
            .append("</a></td><td>")
            .append(c.kind().label())
            .append("</td>")
            .append(verdictCell(f.verdict()))
            .append("<td>")
            .append(num(c.value(DriftStatistic.PSI).orElse(Double.NaN)))
            .append("</td><td>")
            .append(num(c.value(DriftStatistic.JENSEN_SHANNON).orElse(Double.NaN)))
            .append("</td><td>")
            .append(num(c.value(DriftStatistic.WASSERSTEIN_NORMED).orElse(Double.NaN)))
            .append("</td><td>")
            .append(num(c.value(DriftStatistic.MISSING_SHARE).orElse(Double.NaN)))
            .append("</td><td>")
            .append(num(c.value(p).orElse(Double.NaN)))
            .append("</td></tr>\n");
      }
    }
    h.append("</table>\n");
    for (Section s : sections) {
      DatasetDrift d = s.drift();
      h.append("<h2>Dataset ")
          .append(esc(d.dataset()))
          .append(": <span class=\"")
          .append(d.verdict().label())
          .append("\">")
          .append(d.verdict().label())
          .append("</span></h2><p>")
          .append(String.format(Locale.ROOT, "%.0f%%", d.driftedShare() * 100))
          .append(" of the compared features drifted (dataset drift from ")
          .append(String.format(Locale.ROOT, "%.0f%%", d.driftShareThreshold() * 100))
          .append(").<br>reference: ")
          .append(esc(s.reference()))
          .append("<br>current: ")
          .append(esc(s.current()))
          .append("</p>\n");
      for (FeatureDrift f : driftedFirst(d.features())) {
        feature(h, s, f);
      }
    }
    h.append("<h2>Quality checks of ").append(esc(runDate)).append("</h2>\n");
    if (quality.isEmpty()) {
      h.append("<p id=\"quality-none\">No quality-check results for this date.</p>\n");
    } else {
      h.append("<table id=\"quality\"><tr><th>dataset</th><th>check</th><th>severity</th>")
          .append("<th>status</th><th>message</th></tr>\n");
      for (QualityCheck q : quality) {
        h.append("<tr><td>")
            .append(esc(q.dataset()))
            .append("</td><td>")
            .append(esc(q.check()))
            .append("</td><td>")
            .append(esc(q.severity()))
            .append("</td><td class=\"")
            .append(
                q.status().equals("success")
                    ? "ok"
                    : q.status().equals("failure") ? "drift" : "warning")
            .append("\">")
            .append(esc(q.status()))
            .append("</td><td>")
            .append(esc(q.message()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    // Marks the page as rendered, with the number of charts and the errors so far.
    h.append("<script>document.body.setAttribute('data-charts',")
        .append("String(document.querySelectorAll('svg.chart').length));")
        .append("document.body.setAttribute('data-errors',window.__reportErrors.join('\\n'));")
        // Chart labels drawn outside their chart (cut off), and the page's width, for tests.
        .append("var cut=0;document.querySelectorAll('svg.chart').forEach(function(svg){")
        .append("var box=svg.getBoundingClientRect();svg.querySelectorAll('text').forEach(")
        .append("function(t){var b=t.getBoundingClientRect();if(b.right>box.right+0.5||")
        .append("b.bottom>box.bottom+0.5||b.left<box.left-0.5){cut++;}});});")
        .append("document.body.setAttribute('data-cut-labels',String(cut));")
        .append("document.body.setAttribute('data-page-width',")
        .append("String(document.documentElement.scrollWidth));")
        .append("document.body.setAttribute('data-ready','yes');</script>\n</body></html>\n");
    return h.toString();
  }

  private static void feature(StringBuilder h, Section s, FeatureDrift f) {
    FeatureComparison c = f.comparison();
    h.append("<div class=\"feature\" id=\"")
        .append(anchor(s, f))
        .append("\"><h3>")
        .append(esc(f.feature()))
        .append(" (")
        .append(c.kind().label())
        .append("): <span class=\"")
        .append(f.verdict().label())
        .append("\">")
        .append(f.verdict().label())
        .append("</span></h3>\n");
    if (c.undefined().isPresent()) {
      h.append("<p>Not compared: ").append(esc(c.undefined().get())).append(".</p>");
      if (c.values().isEmpty()) {
        h.append("</div>\n");
        return;
      }
    } else {
      chart(h, c.kind() == FeatureKind.CATEGORICAL ? topCategories(c.chart()) : c.chart());
    }
    h.append("<table><tr><th>statistic</th><th>value</th><th>threshold</th><th>threshold from</th>")
        .append("<th>verdict</th><th>detail</th></tr>\n");
    for (StatisticResult r : f.statistics()) {
      h.append("<tr><td>")
          .append(r.statistic().label())
          .append("</td><td>")
          .append(num(r.value().orElse(Double.NaN)))
          .append("</td><td>")
          .append(
              r.threshold()
                  .map(t -> (r.statistic().higherIsWorse() ? "&gt; " : "&lt; ") + num(t))
                  .orElse(""))
          .append("</td><td>")
          .append(esc(r.thresholdSource()))
          .append("</td>")
          .append(verdictCell(r.verdict()))
          .append("<td>")
          .append(esc(r.detail()))
          .append("</td></tr>\n");
    }
    h.append("</table><p>values compared (non-missing): reference ")
        .append(num(c.referenceCount()))
        .append(", current ")
        .append(num(c.currentCount()));
    String mode = s.modes().get(f.feature());
    if (mode != null) {
      h.append("; distributions: <span class=\"mode\">").append(esc(mode)).append("</span>");
    }
    h.append("</p></div>\n");
  }

  /**
   * The {@link #CHART_CATEGORIES} categories with the largest share on either side, in their order,
   * and everything else (the analysis' "(other)" included) summed as "(other)".
   */
  static FeatureComparison.Chart topCategories(FeatureComparison.Chart chart) {
    int n = chart.labels().size();
    if (n <= CHART_CATEGORIES + 1) {
      return chart;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!chart.labels().get(i).equals(CategoricalDistribution.OTHER)) {
        order.add(i);
      }
    }
    order.sort(
        Comparator.comparingDouble(
                (Integer i) -> -Math.max(chart.reference()[i], chart.current()[i]))
            .thenComparing(i -> i));
    java.util.Set<Integer> kept = new java.util.TreeSet<>(order.subList(0, CHART_CATEGORIES));
    List<String> labels = new ArrayList<>();
    double[] r = new double[CHART_CATEGORIES + 1];
    double[] c = new double[CHART_CATEGORIES + 1];
    int j = 0;
    for (int i : kept) {
      labels.add(chart.labels().get(i));
      r[j] = chart.reference()[i];
      c[j] = chart.current()[i];
      j++;
    }
    for (int i = 0; i < n; i++) {
      if (!kept.contains(i)) {
        r[j] += chart.reference()[i];
        c[j] += chart.current()[i];
      }
    }
    labels.add(CategoricalDistribution.OTHER);
    return new FeatureComparison.Chart(labels, r, c);
  }

  /** Paired bars: reference (blue) and current (orange) share per bin or category. */
  private static void chart(StringBuilder h, FeatureComparison.Chart chart) {
    int n = chart.labels().size();
    int slot = 36;
    // Room on the right and below for the last label, drawn at 30° from its bar.
    int width = Math.max(320, n * slot + 60 + LABEL_RUN);
    int height = 270;
    int plotRight = Math.max(310, n * slot + 50);
    int base = 170;
    double max = 1e-12;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.max(chart.reference()[i], chart.current()[i]));
    }
    h.append("<div class=\"legend\"><span style=\"background:#4e79a7\"></span>reference")
        .append("<span style=\"background:#f28e2b\"></span>current</div>\n")
        .append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\">");
    // Share scale: 0 at the axis, the largest share at the top of the highest bar.
    h.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"38\" y1=\"%d\" x2=\"%d\" y2=\"%d\"",
                base - 150,
                plotRight,
                base - 150))
        .append(" stroke=\"#ddd\" stroke-dasharray=\"3 3\"/>")
        .append(axisLabel(base - 150, String.format(Locale.ROOT, "%.1f%%", max * 100)))
        .append(axisLabel(base, "0%"));
    for (int i = 0; i < n; i++) {
      int x = 40 + i * slot;
      double r = chart.reference()[i] / max * 150;
      double c = chart.current()[i] / max * 150;
      bar(h, x, base, r, "#4e79a7", chart.labels().get(i), chart.reference()[i], "reference");
      bar(h, x + 14, base, c, "#f28e2b", chart.labels().get(i), chart.current()[i], "current");
      h.append("<text x=\"")
          .append(x + 14)
          .append("\" y=\"")
          .append(base + 12)
          .append("\" font-size=\"9\" transform=\"rotate(30 ")
          .append(x + 14)
          .append(' ')
          .append(base + 12)
          .append(")\">")
          .append(esc(shorten(chart.labels().get(i))))
          .append("</text>");
    }
    h.append("<line x1=\"38\" y1=\"")
        .append(base)
        .append("\" x2=\"")
        .append(plotRight)
        .append("\" y2=\"")
        .append(base)
        .append("\" stroke=\"#333\"/></svg>\n");
  }

  /** Horizontal run of a shortened label (18 characters at font-size 9) rotated by 30°. */
  static final int LABEL_RUN = 100;

  private static String axisLabel(int y, String text) {
    return "<text x=\"34\" y=\""
        + (y + 3)
        + "\" font-size=\"9\" text-anchor=\"end\" fill=\"#555\">"
        + text
        + "</text>";
  }

  private static void bar(
      StringBuilder h,
      int x,
      int base,
      double height,
      String color,
      String label,
      double share,
      String side) {
    h.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%.2f\" width=\"13\" height=\"%.2f\" fill=\"%s\">",
                x,
                base - height,
                height,
                color))
        .append("<title>")
        .append(esc(label))
        .append(' ')
        .append(side)
        .append(String.format(Locale.ROOT, " %.2f%%", share * 100))
        .append("</title></rect>");
  }

  private static List<FeatureDrift> driftedFirst(List<FeatureDrift> features) {
    List<FeatureDrift> sorted = new ArrayList<>(features);
    sorted.sort(Comparator.comparingInt(f -> rank(f.verdict())));
    return sorted;
  }

  private static int rank(Verdict v) {
    return switch (v) {
      case DRIFT -> 0;
      case WARNING -> 1;
      case UNDEFINED -> 2;
      case OK -> 3;
      case INFO -> 4;
    };
  }

  private static String verdictCell(Verdict v) {
    return "<td class=\"" + v.label() + "\">" + v.label() + "</td>";
  }

  private static String anchor(Section s, FeatureDrift f) {
    return ("f-" + s.drift().dataset() + "-" + f.feature()).replaceAll("[^A-Za-z0-9_-]", "_");
  }

  private static String shorten(String label) {
    return label.length() > 18 ? label.substring(0, 17) + "…" : label;
  }

  static String num(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) < 1e-3 ? "%.3e" : "%.4f", v);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
