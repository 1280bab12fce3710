package io.mljobs.quality.drift;

import com.amazon.deequ.analyzers.Distance;
import com.amazon.deequ.analyzers.Distance$;
import java.util.List;
import scala.Option;

/** Deequ's {@code Distance} from Java; the Scala collections stay in here. */
final class DeequDistance {
  private DeequDistance() {}

  /**
   * Deequ's categorical L∞ distance: the largest difference of shares. Deequ returns this plain
   * value when {@code correctForLowNumberOfSamples} is true, and otherwise subtracts a KS-style
   * critical value ("robust" L∞), which is not a distance between the two distributions.
   */
  static double categoricalLInfinity(
      List<String> categories, double[] reference, double[] current) {
    return Distance$.MODULE$.categoricalDistance(
        counts(categories, reference),
        counts(categories, current),
        true,
        new Distance.LInfinityMethod(Option.empty()));
  }

  private static scala.collection.mutable.Map<String, Object> counts(
      List<String> categories, double[] values) {
    scala.collection.mutable.HashMap<String, Object> map = new scala.collection.mutable.HashMap<>();
    for (int i = 0; i < values.length; i++) {
      map.put(categories.get(i), (Object) Math.round(values[i]));
    }
    return map;
  }
}
