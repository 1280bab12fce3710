package io.mljobs.jobs.trainingset;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Config of {@code build-training-set}: the training sets of {@code mljobs.training-sets} to build,
 * all of them unless {@code mljobs.jobs.build-training-set.sets = [a, b]} names some.
 *
 * @param sets the training sets, in name order
 */
public record BuildTrainingSetConfig(List<TrainingSetSpec> sets) {

  public BuildTrainingSetConfig {
    sets = List.copyOf(sets);
  }

  static BuildTrainingSetConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    List<String> wanted = own.strings("sets", List.of());
    own.rejectUnknownKeys();
    Map<String, Settings> declared = mljobs.namedSections("training-sets");
    for (String name : wanted) {
      if (!declared.containsKey(name)) {
        throw new ConfigError(
            own.fullKey("sets"),
            "Config key '"
                + own.fullKey("sets")
                + "' names training set '"
                + name
                + "', which mljobs.training-sets does not declare (declared: "
                + declared.keySet()
                + ").");
      }
    }
    if (declared.isEmpty()) {
      throw new ConfigError(
          "mljobs.training-sets",
          "No training set declared: add mljobs.training-sets.<name> { labels { ... },"
              + " feature-sets { ... } } (see README, \"Training sets\").");
    }
    List<TrainingSetSpec> sets = new ArrayList<>();
    for (Map.Entry<String, Settings> e : declared.entrySet()) {
      TrainingSetSpec spec = TrainingSetSpec.from(e.getKey(), e.getValue());
      e.getValue().rejectUnknownKeys();
      if (wanted.isEmpty() || wanted.contains(e.getKey())) {
        sets.add(spec);
      }
    }
    return new BuildTrainingSetConfig(sets);
  }
}
