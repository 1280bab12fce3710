package io.mljobs.quality;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Settings of {@code mljobs.quality}: where check results and the metrics history live, and how
 * long metrics are kept.
 *
 * @param resultsTable one row per check per run ({@code quality.check_results})
 * @param metricsTable Deequ metrics history ({@code quality.metrics})
 * @param metricsRetention metrics older than this (before the saved run date) are deleted after
 *     each save
 * @param profilesTable column profiles written by {@code profile} ({@code quality.profiles})
 * @param driftTable drift statistics written by {@code detect-drift} ({@code quality.drift})
 * @param runTags extra tags on this run's metrics ({@code mljobs.quality.run-tags}, e.g. {@code
 *     catch-up = true}), which anomaly checks can exclude from their history
 */
public record QualitySettings(
    TableRef resultsTable,
    TableRef metricsTable,
    Duration metricsRetention,
    TableRef profilesTable,
    TableRef driftTable,
    Map<String, String> runTags) {
  /** Tags every run sets itself; run-tags cannot replace them. */
  static final Set<String> RESERVED_TAGS = Set.of("run_id", "table_version", "dataset", "gate");

  public QualitySettings {
    runTags = Map.copyOf(runTags);
  }

  /** Reads {@code mljobs.quality}. */
  public static QualitySettings from(Settings mljobs) {
    Settings quality = mljobs.sectionOrEmpty("quality");
    quality.declare(PromotionSpec.DEFAULT_KEYS); // read with the datasets (DatasetSpecs)
    Duration retention =
        quality.positiveDuration("metrics-retention", Duration.ofDays(400), "400d");
    Map<String, String> runTags = quality.stringMap("run-tags");
    for (String tag : runTags.keySet()) {
      if (RESERVED_TAGS.contains(tag)) {
        throw new ConfigError(
            quality.fullKey("run-tags"),
            "Config key '"
                + quality.fullKey("run-tags")
                + "' sets the tag '"
                + tag
                + "', which every run sets itself ("
                + String.join(", ", new java.util.TreeSet<>(RESERVED_TAGS))
                + "). Use another name, e.g. catch-up = true.");
      }
    }
    return new QualitySettings(
        TableRef.parse(
            quality.string("results-table", "quality.check_results"),
            quality.fullKey("results-table")),
        TableRef.parse(
            quality.string("metrics-table", "quality.metrics"), quality.fullKey("metrics-table")),
        retention,
        TableRef.parse(
            quality.string("profiles-table", "quality.profiles"),
            quality.fullKey("profiles-table")),
        TableRef.parse(
            quality.string("drift-table", "quality.drift"), quality.fullKey("drift-table")),
        runTags);
  }
}
