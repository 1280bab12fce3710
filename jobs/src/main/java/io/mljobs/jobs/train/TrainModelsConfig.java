package io.mljobs.jobs.train;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import io.mljobs.common.gpu.GpuSettings;
import io.mljobs.common.table.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Config of {@code train-models} ({@code mljobs.jobs.train-models}) with the models it trains
 * ({@code mljobs.models}) and where models are kept ({@code mljobs.model-store}); see README,
 * "Training".
 *
 * @param models the models to train, validated
 * @param parallelism grid points fitted at a time
 * @param bootstrap the intervals' bootstrap
 * @param margin the promotion margin
 * @param report write the HTML comparison report
 * @param exportSplit a folder to export each model's split (CSV) and leaderboard (JSON) to, for the
 *     scikit-learn benchmark ({@code scripts/bench/training.sh})
 * @param store registry, leaderboard and artifact locations
 */
public record TrainModelsConfig(
    List<ModelSpec> models,
    int parallelism,
    Bootstrap bootstrap,
    double margin,
    boolean report,
    java.util.Optional<String> exportSplit,
    ModelStore store,
    GpuSettings gpu) {

  /**
   * Where models live.
   *
   * @param registry the registry table
   * @param leaderboard the leaderboard table
   * @param artifactDir artifacts folder, relative to the warehouse ({@code
   *     <dir>/<model>/v<version>/<candidate>})
   */
  public record ModelStore(TableRef registry, TableRef leaderboard, String artifactDir) {
    static ModelStore from(Settings mljobs) {
      Settings s = mljobs.sectionOrEmpty("model-store");
      ModelStore store =
          new ModelStore(
              TableRef.parse(
                  s.string("registry-table", "models.registry"), s.fullKey("registry-table")),
              TableRef.parse(
                  s.string("leaderboard-table", "models.leaderboard"),
                  s.fullKey("leaderboard-table")),
              s.string("artifact-dir", "models/artifacts"));
      s.rejectUnknownKeys();
      return store;
    }
  }

  static TrainModelsConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.sectionOrEmpty("jobs").sectionOrEmpty(jobName);
    Map<String, Settings> declared = ModelSpec.sections(mljobs);
    List<String> only = own.strings("models", List.of());
    List<String> names = only.isEmpty() ? List.copyOf(declared.keySet()) : only;
    for (String name : names) {
      if (!declared.containsKey(name)) {
        throw new ConfigError(
            own.fullKey("models"),
            "Config key '"
                + own.fullKey("models")
                + "' names model '"
                + name
                + "', which is not declared under mljobs.models"
                + NearestNames.didYouMean(name, declared.keySet())
                + ". Declared: "
                + declared.keySet()
                + ".");
      }
    }
    if (names.isEmpty()) {
      throw new ConfigError(
          "mljobs.models",
          jobName
              + " has no model to train: declare mljobs.models.<name> { training-set = ..., label"
              + " = ..., ... } (see README, Training).");
    }
    List<ModelSpec> models = new ArrayList<>();
    for (String name : names) {
      models.add(ModelSpec.from(name, declared.get(name)));
    }
    Settings b = own.sectionOrEmpty("bootstrap");
    int replicates = b.integer("replicates", 200, 10);
    double confidence = b.number("confidence", 0.95);
    if (!(confidence > 0 && confidence < 1)) {
      throw new ConfigError(
          b.fullKey("confidence"),
          "Config key '" + b.fullKey("confidence") + "' must be in (0, 1), not " + confidence);
    }
    long seed = b.longValue("seed", 42L);
    b.rejectUnknownKeys();
    Settings p = own.sectionOrEmpty("promotion");
    double margin = p.number("margin", 0.0);
    if (margin < 0) {
      throw new ConfigError(
          p.fullKey("margin"), "Config key '" + p.fullKey("margin") + "' must be >= 0.");
    }
    p.rejectUnknownKeys();
    TrainModelsConfig config =
        new TrainModelsConfig(
            models,
            own.integer("parallelism", 2, 1),
            new Bootstrap(replicates, confidence, seed),
            margin,
            own.bool("report", true),
            own.optionalString("export-split"),
            ModelStore.from(mljobs),
            GpuSettings.from(mljobs));
    own.rejectUnknownKeys();
    return config;
  }
}
