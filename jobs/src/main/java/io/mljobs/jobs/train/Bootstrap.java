package io.mljobs.jobs.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap intervals over a holdout's rows, seeded so a re-run gives the same numbers.
 * Every replicate draws n row indices with replacement; a metric undefined on a replicate (an AUC
 * drawn with one class only) is left out of that metric's interval. The paired form draws the same
 * indices for two models' scores, so the interval is of their difference on the same rows.
 *
 * @param replicates how many resamples
 * @param confidence the interval's coverage (0.95: the 2.5th and 97.5th percentiles)
 * @param seed the resampling seed
 */
public record Bootstrap(int replicates, double confidence, long seed) {

  /** A point value with its interval. */
  public record Estimate(double value, double lower, double upper) {}

  /** Each metric's value on every row and its interval. */
  public Map<Metric, Estimate> estimate(
      List<Metric> metrics, double[] label, double[] score, double threshold) {
    Map<Metric, List<Double>> draws = new LinkedHashMap<>();
    metrics.forEach(m -> draws.put(m, new ArrayList<>()));
    SplittableRandom random = new SplittableRandom(seed);
    for (int r = 0; r < replicates; r++) {
      int[] index = draw(random, label.length);
      for (Metric m : metrics) {
        double v = m.compute(label, score, index, threshold);
        if (!Double.isNaN(v)) {
          draws.get(m).add(v);
        }
      }
    }
    Map<Metric, Estimate> out = new LinkedHashMap<>();
    for (Metric m : metrics) {
      double point = m.compute(label, score, null, threshold);
      double[] bounds = interval(draws.get(m));
      out.put(m, new Estimate(point, bounds[0], bounds[1]));
    }
    return out;
  }

  /**
   * The improvement of {@code challenger} over {@code champion} in {@code metric} (positive =
   * better, whichever direction the metric runs), with its paired interval.
   */
  public Estimate pairedImprovement(
      Metric metric, double[] label, double[] challenger, double[] champion, double threshold) {
    double sign = metric.higherIsBetter() ? 1 : -1;
    SplittableRandom random = new SplittableRandom(seed);
    List<Double> draws = new ArrayList<>();
    for (int r = 0; r < replicates; r++) {
      int[] index = draw(random, label.length);
      double d =
          sign
              * (metric.compute(label, challenger, index, threshold)
                  - metric.compute(label, champion, index, threshold));
      if (!Double.isNaN(d)) {
        draws.add(d);
      }
    }
    double point =
        sign
            * (metric.compute(label, challenger, null, threshold)
                - metric.compute(label, champion, null, threshold));
    double[] bounds = interval(draws);
    return new Estimate(point, bounds[0], bounds[1]);
  }

  private static int[] draw(SplittableRandom random, int n) {
    int[] index = new int[n];
    for (int i = 0; i < n; i++) {
      index[i] = random.nextInt(n);
    }
    return index;
  }

  /** Percentiles (linear interpolation, numpy's default) at (1 -+ confidence) / 2. */
  private double[] interval(List<Double> values) {
    if (values.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return new double[] {
      quantile(sorted, (1 - confidence) / 2), quantile(sorted, (1 + confidence) / 2)
    };
  }

  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
