package io.mljobs.jobs.features;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import io.mljobs.jobs.quality.DateSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Config of {@code build-features}: the feature sets ({@code mljobs.feature-sets}) and the job's
 * own keys ({@code mljobs.jobs.build-features}); see README, "Features".
 *
 * @param featureSets the sets to build, in name order
 * @param dates the run date, or a backfill range ({@code --from D1 --to D2})
 * @param chunkDays how many consecutive dates one Spark job computes and one commit replaces
 */
public record BuildFeaturesConfig(
    List<FeatureSetSpec> featureSets, DateSelection dates, int chunkDays) {

  public BuildFeaturesConfig {
    featureSets = List.copyOf(featureSets);
  }

  static BuildFeaturesConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    List<FeatureSetSpec> sets = selectedSets(mljobs, own, jobName);
    DateSelection dates = DateSelection.from(own);
    if (dates.touched()) {
      throw new ConfigError(
          own.fullKey("dates"),
          "Config key '"
              + own.fullKey("dates")
              + "' = touched is not supported by "
              + jobName
              + ": give the dates with --from D1 --to D2 (a backfill) or build the run date.");
    }
    int chunkDays = own.integer("chunk-days", 7, 1);
    own.rejectUnknownKeys();
    return new BuildFeaturesConfig(sets, dates, chunkDays);
  }

  /**
   * The feature sets a job computes: those its section's {@code feature-sets} names (default: all
   * declared), each declared set parsed so a typo in one not computed today still fails fast.
   */
  static List<FeatureSetSpec> selectedSets(Settings mljobs, Settings own, String jobName) {
    Map<String, Settings> declared = mljobs.namedSections("feature-sets");
    List<String> only = own.strings("feature-sets", List.copyOf(declared.keySet()));
    List<FeatureSetSpec> sets = new ArrayList<>();
    for (String name : only) {
      if (!declared.containsKey(name)) {
        throw new ConfigError(
            own.fullKey("feature-sets"),
            "Config key '"
                + own.fullKey("feature-sets")
                + "' names '"
                + name
                + "', which is not declared under mljobs.feature-sets"
                + NearestNames.didYouMean(name, declared.keySet())
                + ".");
      }
    }
    // Every declared set is parsed, so a typo in one not built today still fails fast.
    declared.forEach(
        (name, section) -> {
          FeatureSetSpec spec = FeatureSetSpec.from(name, section);
          if (only.contains(name)) {
            sets.add(spec);
          }
        });
    if (sets.isEmpty()) {
      throw new ConfigError(
          "mljobs.feature-sets",
          jobName
              + " has nothing to build: declare mljobs.feature-sets.<name> { source = ...,"
              + " entity-keys = [...], event-time = ..., features = [...] }.");
    }
    return sets;
  }
}
