package io.mljobs.jobs.quality;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import io.mljobs.quality.DatasetSpec;
import io.mljobs.quality.DatasetSpecs;
import io.mljobs.quality.QualitySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Config of {@code check-quality}: which datasets to check ({@code
 * mljobs.jobs.check-quality.datasets}, default every dataset under {@code mljobs.datasets}),
 * whether a passed gate promotes to silver ({@code promote}, default true), and {@code
 * mljobs.quality}.
 *
 * @param datasets the datasets to check, validated
 * @param promote write passing rows to silver (and quarantine) when the gate passes
 * @param quality result and metrics tables, metrics retention
 * @param dates which date partitions to check, each on its own ({@code from}, {@code to}, {@code
 *     dates}; see {@link DateSelection})
 */
public record CheckQualityConfig(
    List<DatasetSpec> datasets, boolean promote, QualitySettings quality, DateSelection dates) {
  public CheckQualityConfig {
    datasets = List.copyOf(datasets);
  }

  /** Checks the run date's partitions. */
  public CheckQualityConfig(List<DatasetSpec> datasets, boolean promote, QualitySettings quality) {
    this(datasets, promote, quality, DateSelection.runDate());
  }

  static CheckQualityConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    return new CheckQualityConfig(
        select(mljobs, own, jobName),
        own.bool("promote", true),
        QualitySettings.from(mljobs),
        DateSelection.from(own));
  }

  /** The datasets named by {@code own.datasets} (default all), each validated. */
  static List<DatasetSpec> select(Settings mljobs, Settings own, String jobName) {
    Map<String, DatasetSpec> declared = DatasetSpecs.from(mljobs); // all of them: typos fail fast
    List<String> names = own.strings("datasets", List.copyOf(declared.keySet()));
    List<DatasetSpec> selected = new ArrayList<>();
    for (String name : names) {
      DatasetSpec spec = declared.get(name);
      if (spec == null) {
        throw new ConfigError(
            own.fullKey("datasets"),
            "Config key '"
                + own.fullKey("datasets")
                + "' names '"
                + name
                + "', which is not declared under mljobs.datasets"
                + NearestNames.didYouMean(name, declared.keySet())
                + ". Declared: "
                + declared.keySet()
                + ".");
      }
      selected.add(spec);
    }
    if (selected.isEmpty()) {
      throw new ConfigError(
          "mljobs.datasets",
          jobName
              + " has no dataset to work on: declare one under mljobs.datasets.<name> {"
              + " table = ..., checks = [...] }.");
    }
    return selected;
  }
}
