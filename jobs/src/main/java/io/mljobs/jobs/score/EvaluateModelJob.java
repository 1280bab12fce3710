package io.mljobs.jobs.score;

import static org.apache.spark.sql.functions.col;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.jobs.train.Metric;
import io.mljobs.jobs.train.RegistryEntry;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code evaluate-model}: joins the labels that have arrived to the predictions logged over the
 * lookback window and writes realized metrics per scoring date, model version and alias to {@code
 * models.performance}, replacing the window's rows (later labels update earlier dates; a re-run
 * gives the same rows). A drop beyond the margin below the version's holdout metric is verdict
 * {@code degraded}; challenger rows carry their difference to the champion.
 */
public final class EvaluateModelJob implements SparkJob<EvaluateModelConfig> {
  static final String NAME = "evaluate-model";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Realized model metrics per scoring date from arriving labels (models.performance).";
  }

  @Override
  public EvaluateModelConfig configure(Settings mljobs) {
    return EvaluateModelConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<EvaluateModelConfig> context) {
    EvaluateModelConfig config = context.config();
    if (config.models().isEmpty()) {
      return JobResult.ok(
          "No model to evaluate: add labels { table, keys, label-column } to mljobs.scoring.<model>.");
    }
    RegistryView registry =
        RegistryView.read(context.spark(), config.registry(), context.pathOf(config.registry()));
    List<String> lines = new ArrayList<>();
    for (ScoringSpec spec : config.models()) {
      lines.add(evaluate(context, registry, spec));
    }
    return JobResult.ok(String.join("; ", lines));
  }

  private static String evaluate(
      JobContext<EvaluateModelConfig> context, RegistryView registry, ScoringSpec spec) {
    LocalDate to = context.runDate();
    LocalDate from = to.minusDays(spec.performance().lookback().toDays());
    String window =
        "model = '"
            + spec.model().replace("'", "\\'")
            + "' AND "
            + Scorer.SCORE_DATE
            + " >= DATE'"
            + from
            + "' AND "
            + Scorer.SCORE_DATE
            + " <= DATE'"
            + to
            + "'";
    Dataset<Row> predictions =
        TableReads.latest(context, spec.predictions())
            .orElseThrow(
                () ->
                    new JobFailure(
                        spec.predictions() + " does not exist: run score before evaluate-model."))
            .where(window)
            .cache();
    if (predictions.isEmpty()) {
      throw new JobFailure(
          "No predictions of "
              + spec.model()
              + " in "
              + spec.predictions()
              + " scored from "
              + from
              + " to "
              + to
              + ": run score for those dates first (nothing was evaluated).");
    }
    ScoringSpec.LabelSpec l = spec.labels().orElseThrow();
    Dataset<Row> labels =
        TableReads.latest(context, l.table())
            .orElseThrow(
                () ->
                    new JobFailure(
                        "Label table "
                            + l.table()
                            + " does not exist: ingest the labels first (mljobs.scoring."
                            + spec.model()
                            + ".labels.table)."));
    LabelJoin join = LabelJoin.of(predictions, labels, spec);
    if (join.duplicateLabels() > 0 && "fail".equals(l.duplicates())) {
      throw new JobFailure(
          join.duplicateLabels()
              + " label key(s) of "
              + l.table()
              + " arrived more than once; mljobs.scoring."
              + spec.model()
              + ".labels.duplicates = fail. De-duplicate the labels, or set it to max.");
    }
    // One group per date, version and alias: scored rows with their labels (labelled or not).
    Map<String, List<double[]>> byGroup = new LinkedHashMap<>();
    Map<String, Row> groupKeys = new LinkedHashMap<>();
    for (Row r :
        predictions
            .select(col(Scorer.SCORE_DATE), col("version"), col("alias"))
            .distinct()
            .orderBy(Scorer.SCORE_DATE, "alias", "version")
            .collectAsList()) {
      String key = r.getDate(0) + "/" + r.getLong(1) + "/" + r.getString(2);
      groupKeys.put(key, r);
      byGroup.put(key, new ArrayList<>());
    }
    for (Row r :
        join.labelled()
            .select(
                col(Scorer.SCORE_DATE),
                col("version"),
                col("alias"),
                col(LabelJoin.LABEL),
                col("score"))
            .where(col("score").isNotNull())
            .collectAsList()) {
      String key = r.getDate(0) + "/" + r.getLong(1) + "/" + r.getString(2);
      byGroup.get(key).add(new double[] {r.getDouble(3), r.getDouble(4)});
    }
    List<RealizedMetrics.Group> groups = new ArrayList<>();
    long labelled = 0;
    for (Map.Entry<String, List<double[]>> g : byGroup.entrySet()) {
      Row k = groupKeys.get(g.getKey());
      double[] y = g.getValue().stream().mapToDouble(v -> v[0]).toArray();
      double[] s = g.getValue().stream().mapToDouble(v -> v[1]).toArray();
      labelled += y.length;
      OptionalDouble holdout =
          registry.entries().stream()
              .filter(e -> e.name().equals(spec.model()) && e.version() == k.getLong(1))
              .findFirst()
              .map(e -> RegistryView.holdout(e, spec.performance().metric()))
              .orElse(OptionalDouble.empty());
      groups.add(
          new RealizedMetrics.Group((Date) k.get(0), k.getLong(1), k.getString(2), y, s, holdout));
    }
    List<Row> rows =
        RealizedMetrics.rows(
            spec.model(),
            groups,
            spec,
            Metric.of(spec.task()),
            context.runId(),
            Timestamp.from(Instant.now()));
    DeltaWriteResult written =
        context
            .output(config(context).performance())
            .replaceWhere(window)
            .execute(context.spark().createDataFrame(rows, RealizedMetrics.SCHEMA));
    predictions.unpersist();
    List<String> degraded = new ArrayList<>();
    for (Row r : rows) {
      // Rows made by RowFactory carry no schema: fields by position (RealizedMetrics.SCHEMA).
      if (RealizedMetrics.DEGRADED.equals(r.get(11))
          && RegistryEntry.CHAMPION.equals(r.get(3))
          && !degraded.contains(String.valueOf(r.get(1)))) {
        degraded.add(String.valueOf(r.get(1)));
      }
    }
    String prefix = "evaluate." + spec.model() + ".";
    context.metric(prefix + "labelled_rows", labelled);
    context.metric(prefix + "unknown_labels", join.unknownLabels());
    context.metric(prefix + "duplicate_labels", join.duplicateLabels());
    context.metric(prefix + "degraded_dates", degraded);
    return spec.model()
        + ": "
        + labelled
        + " labelled prediction(s) over "
        + groups.size()
        + " date/version group(s) from "
        + from
        + " to "
        + to
        + " in "
        + config(context).performance()
        + " version "
        + written.version()
        + " ("
        + join.unknownLabels()
        + " label(s) for unknown entities, "
        + join.duplicateLabels()
        + " duplicate label key(s)); performance "
        + (degraded.isEmpty() ? "ok" : "degraded on " + degraded);
  }

  private static EvaluateModelConfig config(JobContext<EvaluateModelConfig> context) {
    return context.config();
  }
}
