package io.mljobs.jobs.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison report of one train-models run for one model: a self-contained HTML page (inline
 * CSS and SVG, one small inline script, nothing fetched) with every candidate's holdout metrics and
 * intervals, ROC and precision-recall curves and a calibration chart (classification), feature
 * importances where the family has them, and the promotion decision. Like the drift report, its
 * last script marks {@code <body>} with {@code data-ready}, {@code data-charts} (the {@code
 * svg.chart} count) and {@code data-errors} (errors its hook caught), which the browser test reads.
 */
public final class TrainingHtmlReport {
  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"
  };
  private static final int MAX_POINTS = 200;

  private TrainingHtmlReport() {}

  /** One curve's source: a model's holdout scores. */
  public record Scored(String name, double[] scores) {}

  /** One candidate as the report shows it. */
  public record Candidate(
      String name,
      String algorithm,
      boolean selected,
      Map<Metric, Bootstrap.Estimate> metrics,
      Map<String, Double> importances,
      double[] scores) {}

  /** The page for {@code model}'s run: candidates (and the champion, if any) on {@code label}. */
  public static String render(
      ModelSpec model,
      long version,
      String runId,
      String holdout,
      double[] label,
      List<Candidate> candidates,
      Scored champion,
      String decision) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc("Training report: " + model.name() + " v" + version))
        .append("</title><style>")
        .append(
            "body{font-family:system-ui,sans-serif;margin:24px;max-width:1400px;color:#222}"
                + "table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;"
                + "padding:4px 8px;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}"
                + "tr.sel{background:#eef6ee}.charts{display:flex;flex-wrap:wrap;gap:16px}"
                + "figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}"
                + ".decision{padding:8px 12px;background:#f7f7e8;border-left:4px solid #c9b400}")
        .append(
            "</style><script>window.__errors=[];window.addEventListener('error',function(e)"
                + "{window.__errors.push(String(e.message))});</script></head><body>");
    h.append("<h1>")
        .append(esc(model.name() + " v" + version))
        .append("</h1><p>Run ")
        .append(esc(runId))
        .append(" · training set ")
        .append(esc(model.trainingSet().toString()))
        .append(" · ")
        .append(esc(holdout))
        .append(" · ")
        .append(label.length)
        .append(" holdout rows</p>");
    h.append("<p class=\"decision\" id=\"decision\">").append(esc(decision)).append("</p>");
    metricsTable(h, model, candidates);
    List<Scored> curves = new ArrayList<>();
    candidates.forEach(c -> curves.add(new Scored(c.name(), c.scores())));
    if (champion != null) {
      curves.add(champion);
    }
    h.append("<div class=\"charts\">");
    if (model.task() == Task.BINARY_CLASSIFICATION) {
      h.append(
          chart(
              "ROC curve", "false positive rate", "true positive rate", roc(label, curves), true));
      h.append(chart("Precision-recall curve", "recall", "precision", pr(label, curves), false));
      h.append(
          chart(
              "Calibration (10 bins)",
              "mean predicted probability",
              "observed positive rate",
              calibration(label, curves),
              true));
    }
    for (Candidate c : candidates) {
      if (!c.importances().isEmpty()) {
        h.append(importanceChart(c));
      }
    }
    h.append("</div>");
    List<String> none =
        candidates.stream().filter(c -> c.importances().isEmpty()).map(Candidate::name).toList();
    if (!none.isEmpty()) {
      h.append("<p>No feature importances for: ")
          .append(esc(String.join(", ", none)))
          .append("</p>");
    }
    h.append(
        "<script>document.body.setAttribute('data-charts',"
            + "document.querySelectorAll('svg.chart').length);"
            + "document.body.setAttribute('data-errors',window.__errors.join('; '));"
            + "document.body.setAttribute('data-ready','1');</script></body></html>");
    return h.toString();
  }

  private static void metricsTable(StringBuilder h, ModelSpec model, List<Candidate> candidates) {
    List<Metric> metrics = Metric.of(model.task());
    h.append(
        "<table id=\"metrics\"><tr><th class=\"l\">candidate</th><th class=\"l\">algorithm</th>");
    metrics.forEach(m -> h.append("<th>").append(m.column()).append("</th>"));
    h.append("</tr>");
    for (Candidate c : candidates) {
      h.append(c.selected() ? "<tr class=\"sel\">" : "<tr>")
          .append("<td class=\"l\">")
          .append(esc(c.name()))
          .append(c.selected() ? " (selected)" : "")
          .append("</td><td class=\"l\">")
          .append(esc(c.algorithm()))
          .append("</td>");
      for (Metric m : metrics) {
        Bootstrap.Estimate e = c.metrics().get(m);
        h.append("<td>")
            .append(fmt(e.value()))
            .append(" <small>[")
            .append(fmt(e.lower()))
            .append(", ")
            .append(fmt(e.upper()))
            .append("]</small></td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
  }

  /** A named polyline in unit coordinates. */
  private record Series(String name, double[] x, double[] y) {}

  static List<Series> roc(double[] label, List<Scored> models) {
    List<Series> out = new ArrayList<>();
    for (Scored s : models) {
      double[][] pts = sweep(label, s.scores());
      out.add(new Series(s.name(), pts[0], pts[1]));
    }
    return out;
  }

  static List<Series> pr(double[] label, List<Scored> models) {
    List<Series> out = new ArrayList<>();
    for (Scored s : models) {
      double[][] pts = sweep(label, s.scores());
      out.add(new Series(s.name(), pts[1], pts[2]));
    }
    return out;
  }

  /** FPR, TPR (= recall) and precision at each distinct score, highest first, thinned. */
  private static double[][] sweep(double[] label, double[] score) {
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
    double pos = Arrays.stream(label).filter(v -> v > 0.5).count();
    double neg = label.length - pos;
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {0, 0, 1});
    double tp = 0;
    double fp = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j < order.length && score[order[j]] == score[order[i]]) {
        if (label[order[j]] > 0.5) {
          tp++;
        } else {
          fp++;
        }
        j++;
      }
      points.add(new double[] {neg == 0 ? 0 : fp / neg, pos == 0 ? 0 : tp / pos, tp / (tp + fp)});
      i = j;
    }
    int step = Math.max(1, points.size() / MAX_POINTS);
    List<double[]> thin = new ArrayList<>();
    for (int k = 0; k < points.size(); k += step) {
      thin.add(points.get(k));
    }
    thin.add(points.get(points.size() - 1));
    double[][] out = new double[3][thin.size()];
    for (int k = 0; k < thin.size(); k++) {
      out[0][k] = thin.get(k)[0];
      out[1][k] = thin.get(k)[1];
      out[2][k] = thin.get(k)[2];
    }
    return out;
  }

  static List<Series> calibration(double[] label, List<Scored> models) {
    List<Series> out = new ArrayList<>();
    for (Scored s : models) {
      double[] sumP = new double[10];
      double[] sumY = new double[10];
      int[] n = new int[10];
      for (int i = 0; i < label.length; i++) {
        int bin = Math.min(9, Math.max(0, (int) (s.scores()[i] * 10)));
        sumP[bin] += s.scores()[i];
        sumY[bin] += label[i];
        n[bin]++;
      }
      List<double[]> pts = new ArrayList<>();
      for (int b = 0; b < 10; b++) {
        if (n[b] > 0) {
          pts.add(new double[] {sumP[b] / n[b], sumY[b] / n[b]});
        }
      }
      out.add(
          new Series(
              s.name(),
              pts.stream().mapToDouble(p -> p[0]).toArray(),
              pts.stream().mapToDouble(p -> p[1]).toArray()));
    }
    return out;
  }

  private static String chart(
      String title, String xLabel, String yLabel, List<Series> series, boolean diagonal) {
    int w = 420;
    int h = 340;
    int left = 50;
    int top = 10;
    int pw = 260;
    int ph = 260;
    StringBuilder s = new StringBuilder();
    s.append("<figure><figcaption>").append(esc(title)).append("</figcaption>");
    s.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\" role=\"img\" aria-label=\"")
        .append(esc(title))
        .append("\">");
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
            left,
            top,
            pw,
            ph));
    for (int t = 0; t <= 4; t++) {
      double v = t / 4.0;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.2f</text>"
                  + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.2f</text>",
              left + v * pw,
              top + ph + 14,
              v,
              left - 4,
              top + ph - v * ph + 3,
              v));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>"
                + "<text x=\"12\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 12 %d)\">%s</text>",
            left + pw / 2,
            top + ph + 30,
            esc(xLabel),
            top + ph / 2,
            top + ph / 2,
            esc(yLabel)));
    if (diagonal) {
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\""
                  + " stroke-dasharray=\"4 3\"/>",
              left,
              top + ph,
              left + pw,
              top));
    }
    for (int k = 0; k < series.size(); k++) {
      Series ser = series.get(k);
      String color = COLORS[k % COLORS.length];
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < ser.x().length; i++) {
        pts.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                left + clamp(ser.x()[i]) * pw,
                top + ph - clamp(ser.y()[i]) * ph));
      }
      s.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"")
          .append(color)
          .append("\" points=\"")
          .append(pts.toString().trim())
          .append("\"><title>")
          .append(esc(ser.name()))
          .append("</title></polyline>");
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>",
              left + pw + 10,
              top + 4 + k * 16,
              color,
              left + pw + 24,
              top + 13 + k * 16,
              esc(shorten(ser.name()))));
    }
    s.append("</svg></figure>");
    return s.toString();
  }

  private static String importanceChart(Candidate c) {
    List<Map.Entry<String, Double>> rows =
        c.importances().entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .toList();
    int barH = 18;
    int h = 20 + rows.size() * barH;
    int labelW = 160;
    int bw = 220;
    StringBuilder s = new StringBuilder();
    s.append("<figure><figcaption>")
        .append(esc("Feature importance: " + c.name()))
        .append("</figcaption><svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(labelW + bw + 60)
        .append("\" height=\"")
        .append(h)
        .append("\">");
    double max = rows.stream().mapToDouble(Map.Entry::getValue).max().orElse(1);
    for (int i = 0; i < rows.size(); i++) {
      double v = rows.get(i).getValue();
      double len = max > 0 ? v / max * bw : 0;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#1f77b4\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%.3f</text>",
              labelW - 6,
              14 + i * barH,
              esc(shorten(rows.get(i).getKey())),
              labelW,
              4 + i * barH,
              len,
              barH - 6,
              labelW + len + 4,
              14 + i * barH,
              v));
    }
    s.append("</svg></figure>");
    return s.toString();
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }

  private static String shorten(String s) {
    return s.length() > 24 ? s.substring(0, 23) + "…" : s;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
