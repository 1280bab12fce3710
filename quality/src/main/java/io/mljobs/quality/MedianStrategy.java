package io.mljobs.quality;

import com.amazon.deequ.anomalydetection.Anomaly;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import scala.Option;
import scala.Tuple2;
import scala.collection.Seq;
import scala.collection.immutable.Vector;

/**
 * A Deequ anomaly strategy for {@link AnomalyStrategy.Median}: each value of the search interval is
 * judged against the median of the values before the interval (the earlier runs Deequ hands over;
 * {@link AnomalyHistory} has already cut them to the window). Written against Deequ's {@code
 * AnomalyDetectionStrategy} so it runs through the same {@code isNewestPointNonAnomalous}
 * constraint as Deequ's own strategies.
 */
final class MedianStrategy implements AnomalyDetectionStrategy, Serializable {
  private static final long serialVersionUID = 1L;

  private final Double maxIncrease;
  private final Double maxDecrease;

  MedianStrategy(AnomalyStrategy.Median spec) {
    this.maxIncrease = spec.maxIncrease().orElse(null);
    this.maxDecrease = spec.maxDecrease().orElse(null);
  }

  /** The median of {@code values} (the mean of the middle two for an even count). */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values to take the median of");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }

  /** [lower, upper] allowed around {@code median}; an absent bound is infinite. */
  double[] bounds(double median) {
    double lower =
        maxDecrease == null ? Double.NEGATIVE_INFINITY : median - Math.abs(median) * maxDecrease;
    double upper =
        maxIncrease == null ? Double.POSITIVE_INFINITY : median + Math.abs(median) * maxIncrease;
    return new double[] {lower, upper};
  }

  @Override
  public Seq<Tuple2<Object, Anomaly>> detect(
      Vector<Object> dataSeries, Tuple2<Object, Object> searchInterval) {
    int start = (Integer) searchInterval._1();
    int end = Math.min((Integer) searchInterval._2(), dataSeries.size());
    if (start <= 0) {
      throw new IllegalArgumentException("the median strategy needs earlier values");
    }
    List<Double> history = new ArrayList<>();
    for (int i = 0; i < start; i++) {
      history.add(((Number) dataSeries.apply(i)).doubleValue());
    }
    double median = median(history);
    double[] bounds = bounds(median);
    List<Tuple2<Object, Anomaly>> anomalies = new ArrayList<>();
    for (int i = start; i < end; i++) {
      double value = ((Number) dataSeries.apply(i)).doubleValue();
      if (value < bounds[0] || value > bounds[1]) {
        String detail =
            String.format(
                Locale.ROOT,
                "[MedianStrategy]: Value %s is not in bounds [%s, %s] around the median %s of %d"
                    + " earlier value(s).",
                value,
                bounds[0],
                bounds[1],
                median,
                history.size());
        anomalies.add(
            new Tuple2<>(i, new Anomaly(Option.apply((Object) value), 1.0, Option.apply(detail))));
      }
    }
    return DeequInterop.list(anomalies);
  }
}
