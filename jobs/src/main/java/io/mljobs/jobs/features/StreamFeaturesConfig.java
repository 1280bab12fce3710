package io.mljobs.jobs.features;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.jobs.stream.StreamTrigger;
import java.time.Duration;
import java.util.List;

/**
 * Config of {@code stream-features} ({@code mljobs.jobs.stream-features}; see README, "Features"):
 *
 * <pre>
 * jobs.stream-features {
 *   feature-sets = [activity]   # default: every declared set
 *   trigger = available-now     # or continuous
 *   interval = 30s              # micro-batch interval of continuous mode
 *   late-delay = 1h             # events older than (latest event time seen - late-delay) are late
 * }
 * </pre>
 *
 * @param featureSets the sets to compute, each from its own source read as a stream
 * @param trigger how the queries run ({@code trigger}, {@code interval}: as {@code ingest-stream})
 * @param lateDelay how far behind the latest event time seen an event may be and still be applied
 */
public record StreamFeaturesConfig(
    List<FeatureSetSpec> featureSets, StreamTrigger trigger, Duration lateDelay) {
  /** Default of {@code late-delay}. */
  public static final Duration DEFAULT_LATE_DELAY = Duration.ofHours(1);

  public StreamFeaturesConfig {
    featureSets = List.copyOf(featureSets);
  }

  static StreamFeaturesConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    List<FeatureSetSpec> sets = BuildFeaturesConfig.selectedSets(mljobs, own, jobName);
    StreamTrigger trigger = StreamTrigger.from(own);
    Duration lateDelay = own.duration("late-delay", DEFAULT_LATE_DELAY);
    if (lateDelay.isNegative()) {
      throw new ConfigError(
          own.fullKey("late-delay"),
          "Config key '"
              + own.fullKey("late-delay")
              + "' must be a duration of 0 or more such as 1h (how late an event may arrive and"
              + " still be applied), but is "
              + lateDelay
              + ".");
    }
    own.rejectUnknownKeys();
    return new StreamFeaturesConfig(sets, trigger, lateDelay);
  }
}
