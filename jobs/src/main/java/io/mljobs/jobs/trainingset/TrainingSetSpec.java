package io.mljobs.jobs.trainingset;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training set ({@code mljobs.training-sets.<name>}): label rows, the feature sets joined to them
 * point in time, and the output snapshot table ({@code output}, default {@code training.<name>}).
 *
 * @param name the training set's name
 * @param output the snapshot table
 * @param labels the label rows
 * @param features the feature sets, in join order
 */
public record TrainingSetSpec(
    String name, TableRef output, LabelSpec labels, List<FeatureJoinSpec> features) {

  public TrainingSetSpec {
    features = List.copyOf(features);
  }

  static TrainingSetSpec from(String name, Settings s) {
    TableRef output = TableRef.parse(s.string("output", "training." + name), s.fullKey("output"));
    LabelSpec labels = LabelSpec.from(s.section("labels"));
    List<FeatureJoinSpec> features = new ArrayList<>();
    Map<String, Settings> sets = s.namedSections("feature-sets");
    if (sets.isEmpty()) {
      throw new ConfigError(
          s.fullKey("feature-sets"),
          "Config key '"
              + s.fullKey("feature-sets")
              + "' must declare at least one feature set: feature-sets.<name> { table, ttl, ... }.");
    }
    sets.forEach(
        (set, section) -> features.add(FeatureJoinSpec.from(set, section, labels.entityKeys())));
    return new TrainingSetSpec(name, output, labels, features);
  }
}
