package io.mljobs.quality.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How numeric PSI and Jensen–Shannon bin a feature (config {@code binning}):
 *
 * <ul>
 *   <li>{@code quantiles(n)}: the reference's quantiles {@code k/n} (inverted CDF), duplicates
 *       dropped, right-closed, open-ended: {@code (-inf, q1], ..., (q_last, +inf)};
 *   <li>{@code sturges} / {@code doane}: {@code numpy.histogram_bin_edges} of both sides together
 *       with that rule (Evidently's numeric binning is sturges over both sides), then {@code
 *       numpy.histogram} counts: left-closed, the last bin closed;
 *   <li>{@code fixed(e0, e1, ...)}: those edges, counted like {@code numpy.histogram}, plus a bin
 *       below {@code e0} and one above the last edge, so no value is dropped.
 * </ul>
 */
public sealed interface NumericBinning {
  /** The default: reference deciles. */
  NumericBinning DEFAULT = new Quantiles(10);

  /** The bins for this pair of distributions. */
  Bins bins(NumericDistribution reference, NumericDistribution current);

  /** As written in config. */
  String label();

  /** Reference quantiles. */
  record Quantiles(int count) implements NumericBinning {
    @Override
    public Bins bins(NumericDistribution reference, NumericDistribution current) {
      return Bins.cuts(DriftMath.referenceEdges(reference, count));
    }

    @Override
    public String label() {
      return "quantiles(" + count + ")";
    }
  }

  /** numpy's 'sturges' or 'doane' equal-width edges over both sides. */
  record EqualWidth(String rule) implements NumericBinning {
    @Override
    public Bins bins(NumericDistribution reference, NumericDistribution current) {
      return Bins.histogram(DriftMath.histogramEdges(rule, reference, current));
    }

    @Override
    public String label() {
      return rule;
    }
  }

  /** Given edges. */
  record Fixed(List<Double> edges) implements NumericBinning {
    public Fixed {
      edges = List.copyOf(edges);
    }

    @Override
    public Bins bins(NumericDistribution reference, NumericDistribution current) {
      return Bins.histogram(edges.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public String label() {
      return "fixed("
          + String.join(
              ", ",
              edges.stream()
                  .map(e -> java.math.BigDecimal.valueOf(e).stripTrailingZeros().toPlainString())
                  .toList())
          + ")";
    }
  }

  /**
   * Parses {@code quantiles(n) | sturges | doane | fixed(e0, e1, ...)}.
   *
   * @throws IllegalArgumentException with what is wrong, for the caller to name the key
   */
  static NumericBinning parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("sturges") || t.equals("doane")) {
      return new EqualWidth(t);
    }
    Matcher q = Pattern.compile("quantiles\\(\\s*(\\d+)\\s*\\)").matcher(t);
    if (q.matches()) {
      int n = Integer.parseInt(q.group(1));
      if (n < 2) {
        throw new IllegalArgumentException("quantiles(n) needs n >= 2, but is " + n);
      }
      return new Quantiles(n);
    }
    Matcher f = Pattern.compile("fixed\\((.*)\\)").matcher(t);
    if (f.matches()) {
      List<Double> edges = new ArrayList<>();
      try {
        for (String e : f.group(1).split(",")) {
          edges.add(Double.parseDouble(e.trim()));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("fixed(...) takes numbers, but is '" + text + "'");
      }
      for (int i = 1; i < edges.size(); i++) {
        if (!(edges.get(i) > edges.get(i - 1))) {
          throw new IllegalArgumentException(
              "fixed(...) needs increasing edges, but "
                  + edges.get(i)
                  + " follows "
                  + edges.get(i - 1));
        }
      }
      if (edges.size() < 2) {
        throw new IllegalArgumentException("fixed(...) needs at least two edges");
      }
      return new Fixed(edges);
    }
    throw new IllegalArgumentException(
        "must be quantiles(n), sturges, doane or fixed(e0, e1, ...), but is '" + text + "'");
  }

  /**
   * Bin edges and how values fall into them.
   *
   * @param edges cut points (open-ended, right-closed) or histogram edges (with under/overflow)
   * @param histogram true for numpy-histogram edges
   */
  record Bins(double[] edges, boolean histogram) {
    static Bins cuts(double[] edges) {
      return new Bins(edges, false);
    }

    static Bins histogram(double[] edges) {
      return new Bins(edges, true);
    }

    /** Weight per bin; for histograms, bin 0 is below the first edge and the last above. */
    double[] weights(NumericDistribution d) {
      if (!histogram) {
        return DriftMath.binWeights(d, edges);
      }
      double[] w = new double[edges.length + 1];
      int last = edges.length - 1;
      for (int i = 0; i < d.size(); i++) {
        double x = d.value(i);
        int bin;
        if (x < edges[0]) {
          bin = 0;
        } else if (x > edges[last]) {
          bin = edges.length;
        } else if (x == edges[last]) {
          bin = last; // numpy's last bin is closed
        } else {
          // the number of edges <= x (numpy: searchsorted(edges, x, 'right'))
          int pos = Arrays.binarySearch(edges, x);
          bin = pos >= 0 ? upper(pos, x) : -pos - 1;
        }
        w[bin] += d.weight(i);
      }
      return w;
    }

    private int upper(int pos, double x) {
      int p = pos;
      while (p + 1 < edges.length && edges[p + 1] == x) {
        p++;
      }
      return p + 1;
    }

    /** A label per bin, as {@link #weights} orders them. */
    List<String> labels() {
      List<String> labels = new ArrayList<>();
      if (!histogram) {
        for (int i = 0; i <= edges.length; i++) {
          String low = i == 0 ? "-inf" : format(edges[i - 1]);
          String high = i == edges.length ? "+inf" : format(edges[i]);
          labels.add("(" + low + ", " + high + "]");
        }
        return labels;
      }
      labels.add("< " + format(edges[0]));
      for (int i = 0; i + 1 < edges.length; i++) {
        labels.add(
            "["
                + format(edges[i])
                + ", "
                + format(edges[i + 1])
                + (i + 2 == edges.length ? "]" : ")"));
      }
      labels.add("> " + format(edges[edges.length - 1]));
      return labels;
    }

    static String format(double v) {
      return v == Math.rint(v) && Math.abs(v) < 1e15
          ? String.valueOf((long) v)
          : String.format(Locale.ROOT, "%.4g", v);
    }
  }
}
