package io.mljobs.quality;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.ApproxCountDistinct;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.Minimum;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.StandardDeviation;
import com.amazon.deequ.analyzers.Sum;
import com.amazon.deequ.anomalydetection.AbsoluteChangeStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.BatchNormalStrategy;
import com.amazon.deequ.anomalydetection.OnlineNormalStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.anomalydetection.seasonal.HoltWinters;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.MetricsRepository;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/** The Scala glue Deequ needs from Java, in one place; nothing here leaves the package. */
final class DeequInterop {
  private DeequInterop() {}

  static <T> scala.collection.immutable.List<T> list(List<T> values) {
    return JavaConverters.asScalaBuffer(new java.util.ArrayList<>(values)).toList();
  }

  static <T> Option<T> some(T value) {
    return Option.apply(value);
  }

  static <T> Option<T> none() {
    return Option.empty();
  }

  static scala.collection.immutable.Map<String, String> map(Map<String, String> values) {
    scala.collection.immutable.Map<String, String> result =
        scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(values).entrySet()) {
      result = result.$plus(new Tuple2<>(e.getKey(), e.getValue()));
    }
    return result;
  }

  static <K, V> Map<K, V> javaMap(scala.collection.Map<K, V> values) {
    return JavaConverters.mapAsJavaMap(values);
  }

  static <T> List<T> javaList(scala.collection.Seq<T> values) {
    return JavaConverters.seqAsJavaList(values);
  }

  /** Deequ's strategy for {@code spec}. */
  static AnomalyDetectionStrategy strategy(AnomalyStrategy spec) {
    if (spec instanceof AnomalyStrategy.RelativeRateOfChange r) {
      return new RelativeRateOfChangeStrategy(
          boxed(r.maxDecrease().map(d -> 1.0 - d)), boxed(r.maxIncrease().map(i -> 1.0 + i)), 1);
    } else if (spec instanceof AnomalyStrategy.OnlineNormal n) {
      return new OnlineNormalStrategy(
          boxed(n.lowerDeviationFactor()), boxed(n.upperDeviationFactor()), 0.0, true);
    } else if (spec instanceof AnomalyStrategy.BatchNormal b) {
      return new BatchNormalStrategy(
          boxed(b.lowerDeviationFactor()), boxed(b.upperDeviationFactor()), false);
    } else if (spec instanceof AnomalyStrategy.AbsoluteChange a) {
      // Deequ bounds the change x[t] - x[t-1]: a decrease is a negative change.
      return new AbsoluteChangeStrategy(
          boxed(a.maxDecrease().map(d -> -d)), boxed(a.maxIncrease()), 1);
    } else if (spec instanceof AnomalyStrategy.HoltWinters) {
      return new HoltWinters(AnomalyStrategy.HoltWinters.PERIOD);
    } else if (spec instanceof AnomalyStrategy.Median m) {
      return new MedianStrategy(m);
    }
    throw new IllegalArgumentException(String.valueOf(spec));
  }

  /** The Deequ analyzer behind an anomaly check's metric. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Analyzer<?, Metric<?>> analyzer(CheckSpec.Anomaly spec) {
    String column = spec.column().orElse(null);
    Analyzer analyzer =
        switch (spec.metric()) {
          case "row-count" -> new Size(none());
          case "completeness" -> new Completeness(column, none(), none());
          case "approx-count-distinct" -> new ApproxCountDistinct(column, none());
          case "mean" -> new Mean(column, none());
          case "minimum" -> new Minimum(column, none(), none());
          case "maximum" -> new Maximum(column, none(), none());
          case "sum" -> new Sum(column, none());
          case "standard-deviation" -> new StandardDeviation(column, none());
          default -> throw new IllegalArgumentException(spec.metric());
        };
    return analyzer;
  }

  /**
   * Adds Deequ's anomaly constraint (what {@code VerificationRunBuilderWithRepository
   * .addAnomalyCheck} adds) to {@code check}: the newest value of {@code analyzer} against its
   * values in {@code history} up to {@code beforeDate} (inclusive, epoch ms).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Check withAnomalyConstraint(
      Check check,
      MetricsRepository history,
      AnomalyStrategy strategy,
      Analyzer<?, Metric<?>> analyzer,
      long beforeDate) {
    return check.isNewestPointNonAnomalous(
        history,
        strategy(strategy),
        (Analyzer) analyzer,
        map(Map.of()),
        none(),
        some((Object) beforeDate),
        none());
  }

  private static Option<Object> boxed(java.util.Optional<Double> value) {
    return value.isPresent() ? Option.apply((Object) value.get()) : Option.empty();
  }

  /** An assertion "min <= value <= max" on a numeric metric (infinite bounds for one-sided). */
  static AbstractFunction1<Object, Object> between(double min, double max) {
    return new Between(min, max);
  }

  static AbstractFunction1<Object, Object> atLeast(double min) {
    return new Between(min, Double.POSITIVE_INFINITY);
  }

  private static final class Between extends AbstractFunction1<Object, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double min;
    private final double max;

    Between(double min, double max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public Object apply(Object value) {
      double v = ((Number) value).doubleValue();
      return v >= min && v <= max;
    }

    @Override
    public String toString() {
      return "between(" + min + ", " + max + ")";
    }
  }
}
