package io.mljobs.quality.drift;

import java.util.Arrays;
import org.apache.commons.math3.special.Gamma;

/**
 * The drift statistics, as pure functions of distributions. Each matches a SciPy function on the
 * same data (see {@code quality/src/test/resources/drift/golden.py}); where SciPy offers several
 * conventions, the one used is named in the method's comment.
 */
public final class DriftMath {
  /** Proportions below this are raised to it in PSI, so an empty bin gives a finite value. */
  public static final double PSI_FLOOR = 1e-4;

  private DriftMath() {}

  /**
   * Two-sample Kolmogorov–Smirnov statistic: {@code sup |F_a(x) - F_b(x)|} over the ECDFs (equal to
   * {@code scipy.stats.ks_2samp(a, b).statistic}). Also Deequ's numerical L∞ distance.
   */
  public static double ksStatistic(NumericDistribution a, NumericDistribution b) {
    int i = 0;
    int j = 0;
    double ca = 0;
    double cb = 0;
    double d = 0;
    while (i < a.size() || j < b.size()) {
      double x =
          j >= b.size()
              ? a.value(i)
              : i >= a.size() ? b.value(j) : Math.min(a.value(i), b.value(j));
      while (i < a.size() && a.value(i) <= x) {
        ca += a.weight(i++);
      }
      while (j < b.size() && b.value(j) <= x) {
        cb += b.weight(j++);
      }
      d = Math.max(d, Math.abs(ca / a.total() - cb / b.total()));
    }
    return d;
  }

  /**
   * Two-sided p-value of the KS statistic {@code d} for sample sizes {@code n} and {@code m} from
   * the limiting Kolmogorov distribution: {@code scipy.stats.kstwobign.sf(d * sqrt(n*m/(n+m)))}.
   * (SciPy's {@code ks_2samp(method='asymp')} uses {@code kstwo.sf(d, round(n*m/(n+m)))} since 1.5;
   * both converge for large samples, which is what drift compares.)
   */
  public static double ksPValue(double d, double n, double m) {
    double en = n * m / (n + m);
    return kolmogorovSf(d * Math.sqrt(en));
  }

  /** Survival function of the Kolmogorov distribution, {@code scipy.special.kolmogorov(x)}. */
  public static double kolmogorovSf(double x) {
    if (!(x > 0)) {
      return 1.0;
    }
    if (x < 1.0) {
      // cdf = sqrt(2π)/x Σ exp(-(2k-1)²π²/(8x²)); converges fast for small x
      double sum = 0;
      for (int k = 1; k < 100; k++) {
        double odd = 2.0 * k - 1.0;
        double term = Math.exp(-odd * odd * Math.PI * Math.PI / (8.0 * x * x));
        sum += term;
        if (term < 1e-300 || term < sum * 1e-17) {
          break;
        }
      }
      return 1.0 - Math.sqrt(2.0 * Math.PI) / x * sum;
    }
    // sf = 2 Σ (-1)^(k-1) exp(-2k²x²); converges fast for x >= 1
    double sum = 0;
    for (int k = 1; k < 100; k++) {
      double term = Math.exp(-2.0 * k * k * x * x);
      sum += (k % 2 == 1 ? term : -term);
      if (term < 1e-300 || term < Math.abs(sum) * 1e-17) {
        break;
      }
    }
    return Math.max(0.0, Math.min(1.0, 2.0 * sum));
  }

  /**
   * Wasserstein-1 (earth mover's) distance between the two distributions: {@code ∫ |F_a - F_b| dx},
   * {@code scipy.stats.wasserstein_distance(a, b)} (with weights, {@code u_weights} and {@code
   * v_weights}).
   */
  public static double wasserstein(NumericDistribution a, NumericDistribution b) {
    int i = 0;
    int j = 0;
    double ca = 0;
    double cb = 0;
    double sum = 0;
    double previous = Double.NaN;
    while (i < a.size() || j < b.size()) {
      double x =
          j >= b.size()
              ? a.value(i)
              : i >= a.size() ? b.value(j) : Math.min(a.value(i), b.value(j));
      if (!Double.isNaN(previous)) {
        sum += Math.abs(ca / a.total() - cb / b.total()) * (x - previous);
      }
      while (i < a.size() && a.value(i) <= x) {
        ca += a.weight(i++);
      }
      while (j < b.size() && b.value(j) <= x) {
        cb += b.weight(j++);
      }
      previous = x;
    }
    return sum;
  }

  /**
   * Bin edges from the reference's quantiles {@code k/bins}, {@code k = 1..bins-1} (inverted CDF),
   * duplicates removed. Bins are right-closed: {@code (-inf, e1], (e1, e2], ..., (e_last, +inf)}.
   */
  public static double[] referenceEdges(NumericDistribution reference, int bins) {
    double[] edges = new double[Math.max(0, bins - 1)];
    int n = 0;
    for (int k = 1; k < bins; k++) {
      double q = reference.quantile(k, bins);
      if (n == 0 || q > edges[n - 1]) {
        edges[n++] = q;
      }
    }
    return Arrays.copyOf(edges, n);
  }

  /**
   * Weight per bin of {@code edges} (numpy: {@code np.searchsorted(edges, x, side='left')} gives a
   * value's bin).
   */
  public static double[] binWeights(NumericDistribution distribution, double[] edges) {
    double[] weights = new double[edges.length + 1];
    int bin = 0;
    for (int i = 0; i < distribution.size(); i++) {
      double x = distribution.value(i);
      while (bin < edges.length && edges[bin] < x) {
        bin++;
      }
      weights[bin] += distribution.weight(i);
    }
    return weights;
  }

  /**
   * Population Stability Index of {@code current} against {@code reference} (weights over the same
   * bins): {@code Σ (c - r) ln(c / r)} over shares, each share raised to at least {@link
   * #PSI_FLOOR}.
   */
  public static double psi(double[] reference, double[] current) {
    double rt = sum(reference);
    double ct = sum(current);
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      double r = Math.max(reference[i] / rt, PSI_FLOOR);
      double c = Math.max(current[i] / ct, PSI_FLOOR);
      psi += (c - r) * Math.log(c / r);
    }
    return psi;
  }

  /**
   * Jensen–Shannon distance with base-2 logarithms, in [0, 1]: the square root of the JS
   * divergence, {@code scipy.spatial.distance.jensenshannon(p, q, base=2)} (inputs normalised).
   */
  public static double jensenShannon(double[] p, double[] q) {
    return jensenShannon(p, q, 2.0);
  }

  /**
   * Jensen–Shannon distance with logarithms of {@code base} ({@link Math#E} for natural ones, as
   * Evidently's {@code distance.jensenshannon(p, q)}): {@code jensenshannon(p, q, base=base)}.
   */
  public static double jensenShannon(double[] p, double[] q, double base) {
    double pt = sum(p);
    double qt = sum(q);
    double js = 0;
    for (int i = 0; i < p.length; i++) {
      double a = p[i] / pt;
      double b = q[i] / qt;
      double m = (a + b) / 2;
      js += relativeEntropy(a, m) + relativeEntropy(b, m);
    }
    js = js / 2 / Math.log(base);
    return Math.sqrt(Math.max(0, js));
  }

  /** Population standard deviation ({@code np.std(x)}, ddof 0) of the distribution. */
  public static double standardDeviation(NumericDistribution d) {
    double mean = mean(d);
    double ss = 0;
    for (int i = 0; i < d.size(); i++) {
      double dx = d.value(i) - mean;
      ss += d.weight(i) * dx * dx;
    }
    return Math.sqrt(ss / d.total());
  }

  private static double mean(NumericDistribution d) {
    double s = 0;
    for (int i = 0; i < d.size(); i++) {
      s += d.weight(i) * d.value(i);
    }
    return s / d.total();
  }

  /**
   * Evidently's normed Wasserstein distance: {@code wasserstein_distance(ref, cur) /
   * max(np.std(ref), 0.001)}.
   */
  public static double wassersteinNormed(double wasserstein, NumericDistribution reference) {
    return wasserstein / Math.max(standardDeviation(reference), 0.001);
  }

  /**
   * {@code numpy.histogram_bin_edges(np.concatenate([a, b]), bins=rule)} for rule {@code sturges}
   * or {@code doane}: equal-width edges from the smallest to the largest value (±0.5 when they are
   * equal), {@code ceil(ptp / width)} bins, edges {@code first + i·step} as {@code np.linspace}.
   */
  public static double[] histogramEdges(String rule, NumericDistribution a, NumericDistribution b) {
    NumericDistribution both = NumericDistribution.union(a, b);
    double first = both.value(0);
    double last = both.value(both.size() - 1);
    double ptp = last - first;
    double n = both.total();
    double width = 0;
    if (rule.equals("sturges")) {
      width = ptp / (log2(n) + 1.0);
    } else if (n > 2) {
      double sg1 = Math.sqrt(6.0 * (n - 2) / ((n + 1.0) * (n + 3)));
      double sigma = standardDeviation(both);
      if (sigma > 0.0) {
        double mean = mean(both);
        double g = 0;
        for (int i = 0; i < both.size(); i++) {
          double z = (both.value(i) - mean) / sigma;
          g += both.weight(i) * z * z * z;
        }
        double g1 = g / n;
        width = ptp / (1.0 + log2(n) + log2(1.0 + Math.abs(g1) / sg1));
      }
    }
    if (first == last) {
      first -= 0.5;
      last += 0.5;
    }
    int bins = width > 0 ? (int) Math.ceil((last - first) / width) : 1;
    double[] edges = new double[bins + 1];
    double step = (last - first) / bins;
    for (int i = 0; i < bins; i++) {
      edges[i] = i * step + first;
    }
    edges[bins] = last;
    return edges;
  }

  /** log2, exact for powers of two (as numpy's). */
  static double log2(double x) {
    long n = (long) x;
    if (n == x && n > 0 && Long.bitCount(n) == 1) {
      return 63 - Long.numberOfLeadingZeros(n);
    }
    return Math.log(x) / Math.log(2);
  }

  /** L∞ distance of the two normalised vectors: {@code max |p_i - q_i|}. */
  public static double lInfinity(double[] p, double[] q) {
    double pt = sum(p);
    double qt = sum(q);
    double d = 0;
    for (int i = 0; i < p.length; i++) {
      d = Math.max(d, Math.abs(p[i] / pt - q[i] / qt));
    }
    return d;
  }

  /**
   * Pearson's χ² test of independence on the 2×k table (reference counts, current counts) without
   * Yates' correction: {@code scipy.stats.chi2_contingency([a, b], correction=False)}. Columns
   * empty on both sides are dropped; a table with one column left has {@code dof = 0}, statistic 0
   * and p-value 1, as SciPy returns.
   *
   * @return statistic, p-value, degrees of freedom
   */
  public static double[] chiSquare(double[] reference, double[] current) {
    double rt = sum(reference);
    double ct = sum(current);
    double total = rt + ct;
    double statistic = 0;
    int columns = 0;
    for (int i = 0; i < reference.length; i++) {
      double column = reference[i] + current[i];
      if (column == 0) {
        continue;
      }
      columns++;
      double er = rt * column / total;
      double ec = ct * column / total;
      statistic += (reference[i] - er) * (reference[i] - er) / er;
      statistic += (current[i] - ec) * (current[i] - ec) / ec;
    }
    int dof = columns - 1;
    if (dof <= 0) {
      return new double[] {0.0, 1.0, 0};
    }
    return new double[] {statistic, chiSquareSf(statistic, dof), dof};
  }

  /** Survival function of χ² with {@code dof} degrees of freedom: {@code scipy.stats.chi2.sf}. */
  public static double chiSquareSf(double x, int dof) {
    if (!(x > 0)) {
      return 1.0;
    }
    return Gamma.regularizedGammaQ(dof / 2.0, x / 2.0);
  }

  private static double relativeEntropy(double x, double y) {
    if (x == 0) {
      return 0;
    }
    return x * Math.log(x / y);
  }

  static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }
}
