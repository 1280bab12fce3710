package io.mljobs.jobs.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.jobs.train.RegistryEntry;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code score}: scores the run date's feature rows with each model's champion (and its challenger
 * in shadow, when configured) from {@code models.registry}, and writes them to {@code
 * predictions.<model>}, replacing that date's rows (idempotent per run date).
 */
public final class ScoreJob implements SparkJob<ScoreConfig> {
  static final String NAME = "score";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Score the run date's features with the registered champion (and challenger).";
  }

  @Override
  public ScoreConfig configure(Settings mljobs) {
    return ScoreConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<ScoreConfig> context) {
    ScoreConfig config = context.config();
    RegistryView registry =
        RegistryView.read(context.spark(), config.registry(), context.pathOf(config.registry()));
    List<String> lines = new ArrayList<>();
    for (ScoringSpec spec : config.models()) {
      lines.add(score(context, registry, spec));
    }
    return JobResult.ok(String.join("; ", lines));
  }

  private static String score(
      JobContext<ScoreConfig> context, RegistryView registry, ScoringSpec spec) {
    List<RegistryEntry> models = new ArrayList<>();
    models.add(registry.champion(spec.model()));
    if (spec.shadow()) {
      registry.alias(spec.model(), RegistryEntry.CHALLENGER).ifPresent(models::add);
    }
    Dataset<Row> features =
        TableReads.latest(context, spec.features())
            .orElseThrow(
                () ->
                    new JobFailure(
                        "Feature table "
                            + spec.features()
                            + " does not exist: run build-features for "
                            + context.runDate()
                            + " before score."))
            .where(col(spec.dateColumn()).equalTo(lit(Date.valueOf(context.runDate()))));
    if (features.isEmpty()) {
      // Checked before scoring (a one-row probe of the date's partition), so an unbuilt date writes
      // nothing and says what to run.
      throw new JobFailure(
          "No rows in "
              + spec.features()
              + " with "
              + spec.dateColumn()
              + " = "
              + context.runDate()
              + ": run build-features for that date first (nothing was written to "
              + spec.predictions()
              + ").");
    }
    Dataset<Row> scored = null;
    for (RegistryEntry entry : models) {
      List<String> missing = Scorer.missingFeatures(entry, features);
      if (!missing.isEmpty()) {
        throw new JobFailure(
            "Model "
                + entry.name()
                + " v"
                + entry.version()
                + " ("
                + entry.alias()
                + ") needs feature column(s) "
                + missing
                + " that "
                + spec.features()
                + " no longer provides; nothing was scored. Restore them in the feature set's"
                + " config and re-run build-features, or retrain (train-models) and promote a"
                + " model on the current features.");
      }
      Dataset<Row> one =
          Scorer.score(
              RegistryView.load(context.spark(), entry),
              features,
              entry,
              spec,
              context.runDate(),
              context.runId());
      scored = scored == null ? one : scored.unionByName(one);
      context.metric("score." + spec.model() + "." + entry.alias() + ".version", entry.version());
    }
    DeltaWriteResult written =
        context
            .output(spec.predictions())
            .partitionBy(Scorer.SCORE_DATE)
            .replaceWhere(Scorer.SCORE_DATE + " = DATE'" + context.runDate() + "'")
            .execute(scored);
    // The rows written, from the commit's own metrics: the transform runs once, in the write (no
    // cache and count of every prediction first). A write skipped as already committed by this
    // run's earlier attempt counts what that attempt wrote.
    long rows =
        written.rows() != null
            ? written.rows()
            : TableReads.latest(context, spec.predictions())
                .map(
                    p ->
                        p.where(
                                col(Scorer.SCORE_DATE)
                                    .equalTo(lit(Date.valueOf(context.runDate()))))
                            .count())
                .orElse(0L);
    context.metric("score." + spec.model() + ".rows", rows);
    Optional<RegistryEntry> challenger =
        models.size() > 1 ? Optional.of(models.get(1)) : Optional.empty();
    return spec.model()
        + ": "
        + rows
        + " prediction(s) for "
        + context.runDate()
        + " by champion v"
        + models.get(0).version()
        + challenger.map(c -> " and challenger v" + c.version() + " (shadow)").orElse("")
        + " in "
        + spec.predictions()
        + " version "
        + written.version();
  }
}
