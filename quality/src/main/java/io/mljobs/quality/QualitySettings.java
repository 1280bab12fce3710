package io.mljobs.quality;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.time.Duration;

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
 */
public record QualitySettings(
    TableRef resultsTable,
    TableRef metricsTable,
    Duration metricsRetention,
    TableRef profilesTable,
    TableRef driftTable) {

  /** Reads {@code mljobs.quality}. */
  public static QualitySettings from(Settings mljobs) {
    Settings quality = mljobs.sectionOrEmpty("quality");
    quality.declare(PromotionSpec.DEFAULT_KEYS); // read with the datasets (DatasetSpecs)
    Duration retention = quality.duration("metrics-retention", Duration.ofDays(400));
    if (retention.isNegative() || retention.isZero()) {
      throw new ConfigError(
          quality.fullKey("metrics-retention"),
          "Config key '"
              + quality.fullKey("metrics-retention")
              + "' must be a positive duration such as 400d, but is "
              + retention
              + ".");
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
            quality.string("drift-table", "quality.drift"), quality.fullKey("drift-table")));
  }
}
