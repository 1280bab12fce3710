package io.mljobs.quality;

import com.amazon.deequ.anomalydetection.Anomaly;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import scala.Tuple2;

/**
 * What an anomaly check judged the newest value against, in words, for its message: the previous
 * run's value, the median or mean and σ of the window, or the Holt-Winters forecast, with the
 * allowed bounds where the strategy has them. The verdict itself is Deequ's; this repeats the
 * strategies' arithmetic on the same history so the user sees the numbers.
 */
final class AnomalyBaseline {
  private static final Pattern FORECAST = Pattern.compile("Forecasted (\\S+) for observed");

  private AnomalyBaseline() {}

  /** The baseline of {@code strategy} over {@code history} (oldest first) for {@code value}. */
  static String describe(AnomalyStrategy strategy, List<Double> history, double value) {
    if (history.isEmpty()) {
      return "no earlier runs";
    }
    double previous = history.get(history.size() - 1);
    int n = history.size();
    if (strategy instanceof AnomalyStrategy.RelativeRateOfChange r) {
      return "previous run "
          + num(previous)
          + bounds(
              r.maxDecrease().map(d -> previous * (1 - d)),
              r.maxIncrease().map(i -> previous * (1 + i)));
    } else if (strategy instanceof AnomalyStrategy.AbsoluteChange a) {
      return "previous run "
          + num(previous)
          + bounds(a.maxDecrease().map(d -> previous - d), a.maxIncrease().map(i -> previous + i));
    } else if (strategy instanceof AnomalyStrategy.Median m) {
      double median = MedianStrategy.median(history);
      double[] b = new MedianStrategy(m).bounds(median);
      return "median " + num(median) + " of " + n + " earlier run(s)" + bounds(b[0], b[1]);
    } else if (strategy instanceof AnomalyStrategy.BatchNormal b) {
      double mean = mean(history);
      double sd = sampleStdDev(history, mean);
      return "mean "
          + num(mean)
          + ", σ "
          + num(sd)
          + " of "
          + n
          + " earlier run(s)"
          + bounds(
              b.lowerDeviationFactor().map(k -> mean - k * sd),
              b.upperDeviationFactor().map(k -> mean + k * sd));
    } else if (strategy instanceof AnomalyStrategy.OnlineNormal) {
      double mean = mean(history);
      return "mean "
          + num(mean)
          + ", σ "
          + num(sampleStdDev(history, mean))
          + " of "
          + n
          + " earlier run(s)";
    } else if (strategy instanceof AnomalyStrategy.HoltWinters) {
      return holtWintersForecast(history, value)
          .map(f -> "Holt-Winters forecast " + num(f) + " from " + n + " earlier run(s)")
          .orElse("Holt-Winters forecast from " + n + " earlier run(s)");
    }
    return n + " earlier run(s)";
  }

  /** Deequ's one-step forecast for {@code value} (only reported when it is an anomaly). */
  static java.util.Optional<Double> holtWintersForecast(List<Double> history, double value) {
    if (history.size() < 2 * AnomalyStrategy.HoltWinters.PERIOD) {
      return java.util.Optional.empty();
    }
    List<Object> series = new ArrayList<>(history);
    series.add(value);
    List<Tuple2<Object, Anomaly>> found =
        DeequInterop.javaList(
            DeequInterop.strategy(new AnomalyStrategy.HoltWinters())
                .detect(
                    scala.collection.JavaConverters.asScalaBuffer(series).toVector(),
                    new Tuple2<>(history.size(), history.size() + 1)));
    for (Tuple2<Object, Anomaly> anomaly : found) {
      if (anomaly._2().detail().isDefined()) {
        Matcher m = FORECAST.matcher(anomaly._2().detail().get());
        if (m.find()) {
          return java.util.Optional.of(Double.parseDouble(m.group(1)));
        }
      }
    }
    return java.util.Optional.empty();
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Sample standard deviation (n - 1), as Deequ's strategies compute it (breeze). */
  static double sampleStdDev(List<Double> values, double mean) {
    if (values.size() < 2) {
      return 0.0;
    }
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / (values.size() - 1));
  }

  private static String bounds(java.util.Optional<Double> lower, java.util.Optional<Double> upper) {
    return bounds(lower.orElse(Double.NEGATIVE_INFINITY), upper.orElse(Double.POSITIVE_INFINITY));
  }

  private static String bounds(double lower, double upper) {
    return ", allowed [" + num(lower) + ", " + num(upper) + "]";
  }

  static String num(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "+inf" : "-inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
