package io.mljobs.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one check run found for one dataset: an outcome per check, every metric Deequ computed, the
 * row count and the number of Spark jobs the run took.
 *
 * @param dataset dataset name
 * @param rows rows checked
 * @param outcomes one per check, in declaration order
 * @param metrics every metric Deequ computed
 * @param sparkJobs Spark jobs the verification used (all analyzers and reference lookups)
 */
public record QualityReport(
    String dataset,
    long rows,
    List<CheckOutcome> outcomes,
    List<MetricRecord> metrics,
    int sparkJobs) {
  public QualityReport {
    outcomes = List.copyOf(outcomes);
    metrics = List.copyOf(metrics);
  }

  /** True when no error-level gating check failed. */
  public boolean gatePassed() {
    return outcomes.stream().noneMatch(CheckOutcome::blocks);
  }

  /**
   * This report with {@code more} outcomes after the checks' (checks the promotion runs: the share
   * of rows to quarantine, an empty promotion).
   */
  public QualityReport withOutcomes(List<CheckOutcome> more) {
    List<CheckOutcome> all = new ArrayList<>(outcomes);
    all.addAll(more);
    return new QualityReport(dataset, rows, all, metrics, sparkJobs);
  }

  /** Outcomes with the given status. */
  public List<CheckOutcome> withStatus(CheckStatus status) {
    return outcomes.stream().filter(o -> o.status() == status).toList();
  }

  /** A small text table for the console: check, severity, status, metric, message. */
  public String toText() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"check", "severity", "status", "metric", "message"});
    for (CheckOutcome o : outcomes) {
      rows.add(
          new String[] {
            o.name(), o.severity().label(), o.status().label(), formatMetric(o), o.message()
          });
    }
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int i = 0; i < 4; i++) {
        widths[i] = Math.min(48, Math.max(widths[i], row[i].length()));
      }
    }
    StringBuilder text = new StringBuilder();
    text.append("Quality checks of ")
        .append(dataset)
        .append(": ")
        .append(rows.size() - 1)
        .append(" check(s) on ")
        .append(this.rows)
        .append(" row(s), gate ")
        .append(gatePassed() ? "PASSED" : "FAILED")
        .append('\n');
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      text.append("  ");
      for (int i = 0; i < 4; i++) {
        text.append(pad(row[i], widths[i])).append("  ");
      }
      text.append(row[4]).append('\n');
      if (r == 0) {
        text.append("  ");
        for (int i = 0; i < 4; i++) {
          text.append("-".repeat(widths[i])).append("  ");
        }
        text.append("-------\n");
      }
    }
    return text.toString();
  }

  /** The metric as shown in reports (freshness as a timestamp). */
  public static String formatMetric(CheckOutcome o) {
    if (o.metric() == null) {
      return "-";
    }
    if (o.type().equals("freshness")) {
      return Instant.ofEpochSecond(o.metric().longValue()).toString();
    }
    double v = o.metric();
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pad(String s, int width) {
    String cut = s.length() > width ? s.substring(0, width - 1) + "~" : s;
    return cut + " ".repeat(width - cut.length());
  }
}
