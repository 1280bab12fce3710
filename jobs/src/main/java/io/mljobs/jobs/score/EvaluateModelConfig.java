package io.mljobs.jobs.score;

import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.util.List;

/**
 * Config of {@code evaluate-model} ({@code mljobs.jobs.evaluate-model}).
 *
 * @param models the models evaluated (those of {@code mljobs.scoring} with {@code labels})
 * @param registry the registry (holdout metrics of the scored versions)
 * @param performance {@code performance-table}, default {@code models.performance}
 */
public record EvaluateModelConfig(
    List<ScoringSpec> models, TableRef registry, TableRef performance) {
  public EvaluateModelConfig {
    models = List.copyOf(models);
  }

  static EvaluateModelConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    List<ScoringSpec> models =
        ScoringSpec.selected(mljobs, own, jobName).stream()
            .filter(s -> s.labels().isPresent())
            .toList();
    TableRef performance =
        TableRef.parse(
            own.string("performance-table", "models.performance"),
            own.fullKey("performance-table"));
    own.rejectUnknownKeys();
    return new EvaluateModelConfig(models, ScoreConfig.registry(mljobs), performance);
  }
}
