package io.mljobs.jobs.train;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;

/**
 * Config of {@code promote-model} ({@code mljobs.jobs.promote-model}, usually given as flags):
 * which registered version gets which alias, and why.
 *
 * @param model the model's name
 * @param version the registered version to move
 * @param alias champion, challenger or archived
 * @param reason the note recorded with the move
 * @param store where the registry lives
 */
public record PromoteModelConfig(
    String model, long version, String alias, String reason, TrainModelsConfig.ModelStore store) {

  static PromoteModelConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.sectionOrEmpty("jobs").sectionOrEmpty(jobName);
    String model = own.string("model");
    if (!own.has("version")) {
      throw new ConfigError(
          own.fullKey("version"),
          "Config key '"
              + own.fullKey("version")
              + "' is required: the registered version to move"
              + " (promote-model --model NAME --model-version N --alias champion).");
    }
    long version = own.longValue("version", 0, 1);
    String alias = own.string("alias", RegistryEntry.CHAMPION);
    if (!RegistryEntry.ALIASES.contains(alias)) {
      throw new ConfigError(
          own.fullKey("alias"),
          "Config key '"
              + own.fullKey("alias")
              + "' must be one of "
              + RegistryEntry.ALIASES
              + ", not '"
              + alias
              + "'.");
    }
    PromoteModelConfig config =
        new PromoteModelConfig(
            model,
            version,
            alias,
            own.string("reason", "manual"),
            TrainModelsConfig.ModelStore.from(mljobs));
    own.rejectUnknownKeys();
    return config;
  }
}
