package io.mljobs.quality.drift;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Thresholds learned from a feature's own history: for each statistic in {@code statistics}, the
 * values of that feature's statistic in earlier runs (newest {@code window}, one per run date) give
 * {@code mean + k·σ} (σ the sample standard deviation). The drift threshold used is the larger of
 * that and the configured one, so a naturally noisy feature stops crying wolf while a quiet one
 * keeps the configured bound. With fewer than {@code minHistory} earlier runs the configured
 * threshold applies, reported as "learning (n of m runs)". Values judged drift by an earlier
 * learned threshold are left out of the history, so a lasting drift does not become the norm.
 *
 * @param statistics statistics whose threshold is learned (larger-is-worse ones only)
 * @param k deviations above the mean
 * @param minHistory earlier runs needed before the learned threshold applies (at least 2)
 * @param window earlier runs considered, newest first
 */
public record LearnedThresholds(
    Set<DriftStatistic> statistics, double k, int minHistory, int window) {
  /** Nothing learned. */
  public static final LearnedThresholds OFF = new LearnedThresholds(Set.of(), 3, 5, 30);

  public LearnedThresholds {
    statistics = Set.copyOf(statistics);
  }

  /**
   * The learned threshold from {@code history} (values of earlier runs, newest first), or empty
   * when the history is shorter than {@code minHistory}.
   */
  public Optional<Double> learn(List<Double> history) {
    List<Double> recent = history.subList(0, Math.min(window, history.size()));
    if (recent.size() < Math.max(2, minHistory)) {
      return Optional.empty();
    }
    double mean = recent.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double ss = 0;
    for (double v : recent) {
      ss += (v - mean) * (v - mean);
    }
    double sigma = Math.sqrt(ss / (recent.size() - 1));
    return Optional.of(mean + k * sigma);
  }
}
