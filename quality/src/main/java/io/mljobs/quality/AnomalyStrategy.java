package io.mljobs.quality;

import java.util.List;
import java.util.Optional;

/**
 * How an {@code anomaly} check judges the newest value of a metric against its history, in Deequ's
 * terms ({@code *Strategy}); {@link QualityChecks} turns it into the Deequ strategy.
 */
public sealed interface AnomalyStrategy {

  /** Every strategy, in config spelling. */
  List<String> NAMES =
      List.of(
          "relative-rate-of-change",
          "online-normal",
          "batch-normal",
          "absolute-change",
          "holt-winters",
          "median");

  /** The config spelling. */
  String label();

  /** Earlier runs needed before a value can be judged (overridable with {@code min-history}). */
  int defaultMinHistory();

  /** What the strategy expects, in words. */
  String expectation(String metric);

  /**
   * Earlier runs the baseline is computed from when {@code window} is not set: 0 means every
   * earlier run in the metrics history (within its retention).
   */
  default int defaultWindow() {
    return 0;
  }

  /**
   * The newest value within [previous·(1 - maxDecrease), previous·(1 + maxIncrease)] (Deequ's
   * {@code RelativeRateOfChangeStrategy} with {@code maxRateIncrease = 1 + maxIncrease}, {@code
   * maxRateDecrease = 1 - maxDecrease}); an absent bound is not checked.
   */
  record RelativeRateOfChange(Optional<Double> maxIncrease, Optional<Double> maxDecrease)
      implements AnomalyStrategy {
    @Override
    public String label() {
      return "relative-rate-of-change";
    }

    @Override
    public int defaultMinHistory() {
      return 1;
    }

    @Override
    public String expectation(String metric) {
      return metric
          + " within "
          + maxDecrease.map(d -> "-" + pct(d)).orElse("-inf")
          + " / "
          + maxIncrease.map(i -> "+" + pct(i)).orElse("+inf")
          + " of the previous run";
    }
  }

  /**
   * The newest value within [mean - lower·σ, mean + upper·σ] of the earlier values (Deequ's {@code
   * OnlineNormalStrategy}; anomalies are left out of the running mean). An absent factor is not
   * checked.
   */
  record OnlineNormal(Optional<Double> upperDeviationFactor, Optional<Double> lowerDeviationFactor)
      implements AnomalyStrategy {
    @Override
    public String label() {
      return "online-normal";
    }

    /**
     * Deequ includes the newest value in the mean and σ it is judged against, so among n values no
     * value lies more than (n-1)/√n σ from their mean: with factor k, a value can only be flagged
     * once h earlier runs give h/√(h+1) > k (10 for k = 3, 5 for k = 2); at least 3.
     */
    @Override
    public int defaultMinHistory() {
      double k =
          Math.min(
              upperDeviationFactor.orElse(Double.MAX_VALUE),
              lowerDeviationFactor.orElse(Double.MAX_VALUE));
      int h = 3;
      while (h < 1000 && h / Math.sqrt(h + 1) <= k) {
        h++;
      }
      return h;
    }

    @Override
    public String expectation(String metric) {
      return sigmaBand(metric, lowerDeviationFactor, upperDeviationFactor, "earlier runs");
    }
  }

  /**
   * The newest value within [mean - lower·σ, mean + upper·σ] of the earlier runs in the window, the
   * newest value left out (Deequ's {@code BatchNormalStrategy} with {@code includeInterval =
   * false}; σ is the sample standard deviation). An absent factor is not checked.
   */
  record BatchNormal(Optional<Double> upperDeviationFactor, Optional<Double> lowerDeviationFactor)
      implements AnomalyStrategy {
    @Override
    public String label() {
      return "batch-normal";
    }

    /** σ needs at least two earlier values; three give it some meaning. */
    @Override
    public int defaultMinHistory() {
      return 3;
    }

    /** About a month of daily runs. */
    @Override
    public int defaultWindow() {
      return 30;
    }

    @Override
    public String expectation(String metric) {
      return sigmaBand(
          metric, lowerDeviationFactor, upperDeviationFactor, "the earlier runs in the window");
    }
  }

  /**
   * The newest value within [previous - maxDecrease, previous + maxIncrease] (absolute amounts;
   * Deequ's {@code AbsoluteChangeStrategy} of order 1). An absent bound is not checked.
   */
  record AbsoluteChange(Optional<Double> maxIncrease, Optional<Double> maxDecrease)
      implements AnomalyStrategy {
    @Override
    public String label() {
      return "absolute-change";
    }

    @Override
    public int defaultMinHistory() {
      return 1;
    }

    @Override
    public String expectation(String metric) {
      return metric
          + " within "
          + maxDecrease.map(d -> "-" + CheckSpec.Checks.number(d)).orElse("-inf")
          + " / "
          + maxIncrease.map(i -> "+" + CheckSpec.Checks.number(i)).orElse("+inf")
          + " of the previous run";
    }
  }

  /**
   * The newest value within 1.96 residual standard deviations of the forecast of an additive
   * Holt-Winters model with weekly seasonality fitted to the earlier daily runs (Deequ's {@code
   * HoltWinters(Weekly, Daily)}), so a weekday that is always large is not an anomaly.
   */
  record HoltWinters() implements AnomalyStrategy {
    /** Days per season: Deequ's weekly seasonality of daily metrics. */
    public static final int PERIOD = 7;

    @Override
    public String label() {
      return "holt-winters";
    }

    /** Deequ fits the model on at least two full weeks. */
    @Override
    public int defaultMinHistory() {
      return 2 * PERIOD;
    }

    @Override
    public String expectation(String metric) {
      return metric + " within 1.96 residual σ of the Holt-Winters forecast (weekly seasonality)";
    }
  }

  /**
   * The newest value within [median·(1 - maxDecrease), median·(1 + maxIncrease)], the median taken
   * over the earlier runs in the window: one unusual day (a catch-up delivery) does not move it, as
   * it moves the previous run's value. Runs as a Deequ strategy ({@link MedianStrategy}).
   */
  record Median(Optional<Double> maxIncrease, Optional<Double> maxDecrease)
      implements AnomalyStrategy {
    @Override
    public String label() {
      return "median";
    }

    @Override
    public int defaultMinHistory() {
      return 3;
    }

    /** A week of daily runs. */
    @Override
    public int defaultWindow() {
      return 7;
    }

    @Override
    public String expectation(String metric) {
      return metric
          + " within "
          + maxDecrease.map(d -> "-" + pct(d)).orElse("-inf")
          + " / "
          + maxIncrease.map(i -> "+" + pct(i)).orElse("+inf")
          + " of the median of the earlier runs in the window";
    }
  }

  private static String pct(double share) {
    return CheckSpec.Checks.number(share * 100) + "%";
  }

  /** "metric within [mean - k·σ, mean + k·σ] of <baseline>", an absent factor unbounded. */
  private static String sigmaBand(
      String metric, Optional<Double> lower, Optional<Double> upper, String baseline) {
    return metric
        + " within ["
        + lower.map(f -> "mean - " + CheckSpec.Checks.number(f) + "σ").orElse("-inf")
        + ", "
        + upper.map(f -> "mean + " + CheckSpec.Checks.number(f) + "σ").orElse("+inf")
        + "] of "
        + baseline;
  }
}
