package io.mljobs.jobs.quality;

import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import io.mljobs.quality.DatasetSpec;
import java.util.List;
import java.util.Optional;

/**
 * Config of {@code suggest-checks}: {@code mljobs.jobs.suggest-checks.table} (a table to suggest
 * checks for, e.g. {@code bronze.x}; its {@code partition-column} optional), else the datasets of
 * {@code datasets} (default every dataset under {@code mljobs.datasets}).
 *
 * @param table a table to read instead of the datasets
 * @param partitionColumn with {@code table}: read the run date's partition only
 * @param datasets the datasets, when no table is given
 */
public record SuggestChecksConfig(
    Optional<TableRef> table, Optional<String> partitionColumn, List<DatasetSpec> datasets) {
  public SuggestChecksConfig {
    datasets = List.copyOf(datasets);
  }

  static SuggestChecksConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    Optional<TableRef> table =
        own.optionalString("table").map(t -> TableRef.parse(t, own.fullKey("table")));
    if (table.isPresent()) {
      own.declare(List.of("datasets")); // ignored when a table is given
      return new SuggestChecksConfig(table, own.optionalString("partition-column"), List.of());
    }
    return new SuggestChecksConfig(
        Optional.empty(), Optional.empty(), CheckQualityConfig.select(mljobs, own, jobName));
  }
}
