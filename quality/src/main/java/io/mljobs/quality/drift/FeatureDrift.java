package io.mljobs.quality.drift;

import java.util.List;

/**
 * A feature's judged statistics and its verdict: drift when any statistic is beyond its drift
 * threshold, warning when one is in a warning band, undefined when nothing could be computed.
 *
 * @param comparison the statistics and chart data
 * @param statistics each statistic judged
 * @param verdict the feature's verdict
 */
public record FeatureDrift(
    FeatureComparison comparison, List<StatisticResult> statistics, Verdict verdict) {
  public FeatureDrift {
    statistics = List.copyOf(statistics);
  }

  public String feature() {
    return comparison.feature();
  }
}
