package io.mljobs.quality.drift;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A numeric column's distribution as sorted distinct values with weights: exact value counts in
 * exact mode, or in sketch mode one value per log bucket (see {@link LogBuckets}) weighted by the
 * values that fell in it. Nulls and NaN are not part of it.
 */
public final class NumericDistribution {
  private final double[] values;
  private final double[] weights;
  private final double total;

  private NumericDistribution(double[] values, double[] weights) {
    this.values = values;
    this.weights = weights;
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    this.total = sum;
  }

  /** From value counts (exact mode). */
  public static NumericDistribution ofCounts(Map<Double, ? extends Number> counts) {
    TreeMap<Double, Double> sorted = new TreeMap<>();
    counts.forEach((v, c) -> sorted.merge(v, c.doubleValue(), Double::sum));
    return fromSorted(sorted);
  }

  /** From raw values, for tests and small inputs. */
  public static NumericDistribution ofValues(double... raw) {
    TreeMap<Double, Double> sorted = new TreeMap<>();
    for (double v : raw) {
      sorted.merge(v, 1.0, Double::sum);
    }
    return fromSorted(sorted);
  }

  /**
   * From a log-bucket sketch: one representative value per bucket with its weight; the values need
   * not be sorted or distinct.
   */
  public static NumericDistribution ofWeighted(double[] values, double[] weights) {
    TreeMap<Double, Double> sorted = new TreeMap<>();
    for (int i = 0; i < values.length; i++) {
      if (weights[i] > 0) {
        sorted.merge(values[i], weights[i], Double::sum);
      }
    }
    return fromSorted(sorted);
  }

  /** Both distributions pooled (for binning rules over both sides). */
  static NumericDistribution union(NumericDistribution a, NumericDistribution b) {
    TreeMap<Double, Double> sorted = new TreeMap<>();
    for (NumericDistribution d : List.of(a, b)) {
      for (int i = 0; i < d.size(); i++) {
        sorted.merge(d.value(i), d.weight(i), Double::sum);
      }
    }
    return fromSorted(sorted);
  }

  /** No values (an all-null or empty column). */
  public static NumericDistribution empty() {
    return new NumericDistribution(new double[0], new double[0]);
  }

  private static NumericDistribution fromSorted(TreeMap<Double, Double> sorted) {
    double[] v = new double[sorted.size()];
    double[] w = new double[sorted.size()];
    int i = 0;
    for (Map.Entry<Double, Double> e : sorted.entrySet()) {
      if (e.getKey().isNaN()) {
        continue; // NaN has no place on the line; treated like null
      }
      v[i] = e.getKey();
      w[i] = e.getValue();
      i++;
    }
    return new NumericDistribution(Arrays.copyOf(v, i), Arrays.copyOf(w, i));
  }

  /** Sorted distinct values (a copy). */
  public double[] values() {
    return values.clone();
  }

  /** Weight of each value (a copy). */
  public double[] weights() {
    return weights.clone();
  }

  /** Sum of the weights: the number of non-null values (estimated in sketch mode). */
  public double total() {
    return total;
  }

  public boolean isEmpty() {
    return values.length == 0;
  }

  int size() {
    return values.length;
  }

  double value(int i) {
    return values[i];
  }

  double weight(int i) {
    return weights[i];
  }

  /**
   * The inverted-CDF quantile: the smallest value whose cumulative share is at least {@code k / n}
   * (numpy's {@code method='inverted_cdf'}). Compared as {@code cum * n >= k * total} so that
   * integer weights give exact results.
   */
  double quantile(int k, int n) {
    double cum = 0;
    for (int i = 0; i < values.length; i++) {
      cum += weights[i];
      if (cum * n >= (double) k * total) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }
}
