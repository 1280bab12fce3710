package io.mljobs.jobs.score;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.time.Duration;
import java.util.List;

/**
 * Config of {@code decide-retraining} ({@code mljobs.jobs.decide-retraining}).
 *
 * @param models the models decided on (names of {@code mljobs.scoring})
 * @param policy the policy and its thresholds
 * @param driftDatasets datasets of the drift table considered (empty: all)
 * @param performanceWindow champion performance verdicts of scoring dates within this before the
 *     run date count
 * @param driftTable {@code drift-table} (default quality.drift)
 * @param performanceTable {@code performance-table} (default models.performance)
 * @param decisionsTable {@code decisions-table} (default models.decisions)
 */
public record DecideRetrainingConfig(
    List<String> models,
    RetrainingPolicy policy,
    List<String> driftDatasets,
    Duration performanceWindow,
    TableRef driftTable,
    TableRef performanceTable,
    TableRef decisionsTable) {

  public DecideRetrainingConfig {
    models = List.copyOf(models);
    driftDatasets = List.copyOf(driftDatasets);
  }

  static DecideRetrainingConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    List<String> models =
        ScoringSpec.selected(mljobs, own, jobName).stream().map(ScoringSpec::model).toList();
    RetrainingPolicy.Kind kind =
        own.choice("policy", RetrainingPolicy.Kind.class, RetrainingPolicy.Kind.ANY_DRIFT);
    double share = own.number("drift-share", 0.3);
    if (!(share > 0 && share <= 1)) {
      throw new ConfigError(
          own.fullKey("drift-share"),
          "Config key '" + own.fullKey("drift-share") + "' must be in (0, 1], not " + share);
    }
    int minDays = own.integer("min-days-between", 0, 0);
    DecideRetrainingConfig config =
        new DecideRetrainingConfig(
            models,
            new RetrainingPolicy(kind, share, minDays),
            own.strings("drift-datasets", List.of()),
            own.duration("performance-window", Duration.ofDays(7)),
            TableRef.parse(own.string("drift-table", "quality.drift"), own.fullKey("drift-table")),
            TableRef.parse(
                own.string("performance-table", "models.performance"),
                own.fullKey("performance-table")),
            TableRef.parse(
                own.string("decisions-table", "models.decisions"), own.fullKey("decisions-table")));
    own.rejectUnknownKeys();
    return config;
  }
}
