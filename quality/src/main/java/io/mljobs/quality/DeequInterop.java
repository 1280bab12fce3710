package io.mljobs.quality;

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
