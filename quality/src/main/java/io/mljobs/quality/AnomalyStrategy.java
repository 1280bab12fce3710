package io.mljobs.quality;

import java.util.List;
import java.util.Optional;

/**
 * How an {@code anomaly} check judges the newest value of a metric against its history, in Deequ's
 * terms ({@code *Strategy}); {@link QualityChecks} turns it into the Deequ strategy.
 */
public sealed interface AnomalyStrategy {

  /** Every strategy, in config spelling. */
  List<String> NAMES = List.of("relative-rate-of-change", "online-normal");

  /** The config spelling. */
  String label();

  /** Earlier runs needed before a value can be judged (overridable with {@code min-history}). */
  int defaultMinHistory();

  /** What the strategy expects, in words. */
  String expectation(String metric);

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
      return metric
          + " within ["
          + lowerDeviationFactor
              .map(f -> "mean - " + CheckSpec.Checks.number(f) + "σ")
              .orElse("-inf")
          + ", "
          + upperDeviationFactor
              .map(f -> "mean + " + CheckSpec.Checks.number(f) + "σ")
              .orElse("+inf")
          + "] of earlier runs";
    }
  }

  private static String pct(double share) {
    return CheckSpec.Checks.number(share * 100) + "%";
  }
}
