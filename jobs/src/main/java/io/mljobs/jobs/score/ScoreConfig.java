package io.mljobs.jobs.score;

import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.util.List;

/**
 * Config of {@code score} ({@code mljobs.jobs.score}): which models to score (default: every {@code
 * mljobs.scoring.<model>}) and where the registry is.
 *
 * @param models the models scored, each with its {@link ScoringSpec}
 * @param registry the registry table ({@code mljobs.model-store.registry-table})
 */
public record ScoreConfig(List<ScoringSpec> models, TableRef registry) {
  public ScoreConfig {
    models = List.copyOf(models);
  }

  static ScoreConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    List<ScoringSpec> models = ScoringSpec.selected(mljobs, own, jobName);
    own.rejectUnknownKeys();
    return new ScoreConfig(models, registry(mljobs));
  }

  /** The registry table as train-models writes it. */
  static TableRef registry(Settings mljobs) {
    Settings store = mljobs.sectionOrEmpty("model-store");
    // train-models validates the rest of model-store; only the registry is read here.
    store.declare(store.config().root().keySet());
    return TableRef.parse(
        store.string("registry-table", "models.registry"), store.fullKey("registry-table"));
  }
}
