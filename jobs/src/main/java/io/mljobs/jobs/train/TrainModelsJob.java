package io.mljobs.jobs.train;

import static org.apache.spark.sql.functions.monotonically_increasing_id;

import io.delta.tables.DeltaTable;
import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.gpu.GpuDecision;
import io.mljobs.common.gpu.GpuGate;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.BuildInfo;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.table.TableRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code train-models}: for each model under {@code mljobs.models}, splits its training set by
 * time, tunes and fits every candidate ({@link CandidateTrainer}), saves each as a {@link
 * PipelineModel} under {@code <artifact-dir>/<model>/v<version>/<candidate>}, scores all of them on
 * the same holdout with bootstrap intervals ({@link Bootstrap}), writes one {@code
 * models.leaderboard} row per candidate, and registers the best one in {@code models.registry}:
 * champion when it beats the current champion by the margin with the paired interval above zero
 * ({@link PromotionRule}), else challenger. The decision and its numbers are in the manifest and
 * the summary.
 */
public final class TrainModelsJob implements SparkJob<TrainModelsConfig> {
  static final String NAME = "train-models";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Train, compare and register each configured model's candidates.";
  }

  @Override
  public TrainModelsConfig configure(io.mljobs.common.config.Settings mljobs) {
    return TrainModelsConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<TrainModelsConfig> context) {
    List<String> lines = new ArrayList<>();
    // The GPU profile (--env gpu): checked once before any fit; XGBoost candidates then train
    // with its device, XGBoost's own stage-level scheduling asking each training task for a GPU.
    GpuDecision gpu = GpuGate.decide(context.spark(), context.config().gpu(), context.recorder());
    for (ModelSpec model : context.config().models()) {
      lines.add(context.timed("train " + model.name(), () -> train(context, model, gpu)));
    }
    return JobResult.ok(String.join("; ", lines));
  }

  /** A training set as read: its rows, the Delta version and its table properties. */
  private record TrainingSetRead(Dataset<Row> rows, long version, Map<String, String> properties) {}

  private static String train(
      JobContext<TrainModelsConfig> context, ModelSpec model, GpuDecision gpu) {
    SparkSession spark = context.spark();
    TrainModelsConfig config = context.config();
    TrainingSetRead read = readTrainingSet(context, model.trainingSet());
    TrainingData.checkColumns(read.rows(), model);
    TrainingData.Split raw = TrainingData.split(read.rows(), model);
    TrainingData.Split split =
        new TrainingData.Split(
            raw.train().cache(),
            raw.validation().cache(),
            raw.holdout().withColumn(ModelPipeline.ROW, monotonically_increasing_id()).cache(),
            raw.windows());
    long[] counts = {split.train().count(), split.validation().count(), split.holdout().count()};
    TrainingData.check(split, model, counts);

    ModelRegistry registry =
        ModelRegistry.read(
            spark, config.store().registry().toString(), context.pathOf(config.store().registry()));
    long version = registry.nextVersion(model.name());
    // Checked before any fit: a champion whose artifact is gone cannot be compared against.
    var champion = registry.champion(model.name());
    champion.ifPresent(c -> ModelRegistry.requireArtifact(spark, c));

    List<CandidateResult> results = new ArrayList<>();
    double[] label = null;
    for (CandidateSpec candidate : model.candidates()) {
      CandidateTrainer.Fitted fitted =
          context.timed(
              "fit " + model.name() + "/" + candidate.name(),
              () -> CandidateTrainer.fit(model, candidate, split, config.parallelism(), gpu));
      String artifact =
          context
              .warehouse()
              .resolve(
                  config.store().artifactDir()
                      + "/"
                      + model.name()
                      + "/v"
                      + version
                      + "/"
                      + candidate.name());
      save(fitted.model(), artifact);
      double[][] scored =
          ModelPipeline.collect(ModelPipeline.score(fitted.model(), split.holdout(), model.task()));
      label = scored[0];
      Map<Metric, Bootstrap.Estimate> metrics =
          config
              .bootstrap()
              .estimate(Metric.of(model.task()), scored[0], scored[1], model.threshold());
      results.add(
          new CandidateResult(
              fitted,
              artifact,
              scored[1],
              metrics,
              FeatureImportances.of(fitted.model(), split.holdout(), model)));
      metrics.forEach(
          (m, e) ->
              context.metric(
                  "train." + model.name() + "." + candidate.name() + "." + m.column(), e.value()));
    }
    CandidateResult best = best(model, results);

    PromotionRule rule =
        new PromotionRule(model.selectionMetric(), config.margin(), config.bootstrap());
    PromotionRule.Decision decision;
    TrainingHtmlReport.Scored championScored = null;
    if (champion.isPresent()) {
      PipelineModel current = PipelineModel.load(champion.get().artifactPath());
      double[][] championScores =
          ModelPipeline.collect(ModelPipeline.score(current, split.holdout(), model.task()));
      championScored =
          new TrainingHtmlReport.Scored("champion v" + champion.get().version(), championScores[1]);
      decision =
          rule.decide(
              label, best.scores(), championScores[1], model.threshold(), champion.get().version());
    } else {
      decision = rule.firstModel();
    }

    Timestamp now = Timestamp.from(Instant.now());
    List<RegistryEntry> changes = new ArrayList<>();
    changes.add(
        new RegistryEntry(
            model.name(),
            version,
            decision.alias(),
            best.fitted().spec().name(),
            best.fitted().spec().algorithm().kebab(),
            metricsJson(best.metrics()),
            ManifestJson.compact(best.allParams()),
            model.features(),
            model.trainingSet().toString(),
            read.version(),
            ManifestJson.compact(read.properties()),
            split.windows().toString(),
            context.runId(),
            best.artifact(),
            BuildInfo.current().commit(),
            now,
            now,
            decision.reason()));
    if (decision.promote() && champion.isPresent()) {
      changes.add(
          champion
              .get()
              .withAlias(
                  RegistryEntry.ARCHIVED,
                  now,
                  "replaced by v" + version + ": " + decision.reason()));
    }
    DeltaWriteResult registered =
        registry.commit(spark, context.output(config.store().registry()), changes);
    context
        .output(config.store().leaderboard())
        .append()
        .mergeSchema()
        .execute(
            Leaderboard.rows(
                spark, context.runId(), model, version, split, counts, results, best, now));

    if (config.exportSplit().isPresent()) {
      SplitExport.write(
          spark, config.exportSplit().get() + "/" + model.name(), model, split, results);
    }
    if (config.report()) {
      String html =
          TrainingHtmlReport.render(
              model,
              version,
              context.runId(),
              split.windows().toString(),
              label,
              results.stream()
                  .map(
                      r ->
                          new TrainingHtmlReport.Candidate(
                              r.fitted().spec().name(),
                              r.fitted().spec().algorithm().kebab(),
                              r == best,
                              r.metrics(),
                              r.importances(),
                              r.scores()))
                  .toList(),
              championScored,
              decision.alias() + " — " + decision.reason());
      context.metric("report." + model.name(), writeReport(context, model.name(), html));
    }
    String prefix = "promotion." + model.name() + ".";
    context.metric(prefix + "version", version);
    context.metric(prefix + "candidate", best.fitted().spec().name());
    context.metric(prefix + "alias", decision.alias());
    context.metric(prefix + "decision", decision.reason());
    if (decision.improvement() != null) {
      context.metric(prefix + "improvement", decision.improvement().value());
      context.metric(prefix + "improvement_lower", decision.improvement().lower());
      context.metric(prefix + "improvement_upper", decision.improvement().upper());
    }
    split.train().unpersist();
    split.validation().unpersist();
    split.holdout().unpersist();
    Bootstrap.Estimate shown = best.metrics().get(model.selectionMetric());
    return String.format(
        java.util.Locale.ROOT,
        "%s v%d = %s (%s %.4f [%.4f, %.4f]) registered as %s in %s version %d: %s",
        model.name(),
        version,
        best.fitted().spec().name(),
        model.selectionMetric().column(),
        shown.value(),
        shown.lower(),
        shown.upper(),
        decision.alias(),
        config.store().registry(),
        registered.version(),
        decision.reason());
  }

  /** One candidate's outcome on the holdout. */
  record CandidateResult(
      CandidateTrainer.Fitted fitted,
      String artifact,
      double[] scores,
      Map<Metric, Bootstrap.Estimate> metrics,
      Map<String, Double> importances) {

    /** Fixed and tuned params together. */
    Map<String, Object> allParams() {
      Map<String, Object> all = new TreeMap<>(fitted.spec().params());
      all.putAll(fitted.bestParams());
      return all;
    }
  }

  /** The candidate with the best selection metric on the holdout (first in config on a tie). */
  static CandidateResult best(ModelSpec model, List<CandidateResult> results) {
    Metric m = model.selectionMetric();
    CandidateResult best = results.get(0);
    for (CandidateResult r : results) {
      double a = r.metrics().get(m).value();
      double b = best.metrics().get(m).value();
      if (m.higherIsBetter() ? a > b : a < b) {
        best = r;
      }
    }
    return best;
  }

  static String metricsJson(Map<Metric, Bootstrap.Estimate> metrics) {
    Map<String, Object> out = new LinkedHashMap<>();
    metrics.forEach(
        (m, e) ->
            out.put(
                m.column(), Map.of("value", e.value(), "lower", e.lower(), "upper", e.upper())));
    return ManifestJson.compact(out);
  }

  /**
   * Writes the HTML report to {@code <warehouse>/_reports/train-models/<date>/<run>-<model>.html}.
   */
  private static String writeReport(JobContext<?> context, String model, String html) {
    String path =
        context
            .warehouse()
            .resolve(
                "_reports/"
                    + NAME
                    + "/"
                    + context.runDate()
                    + "/"
                    + context.runId()
                    + "-"
                    + model
                    + ".html");
    try {
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(path);
      var fs = target.getFileSystem(context.spark().sparkContext().hadoopConfiguration());
      try (var out = fs.create(target, true)) {
        out.write(html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new JobFailure(
          "Cannot write the training report to "
              + path
              + " ("
              + e.getMessage()
              + "). Check the warehouse is writable, or set mljobs.jobs.train-models.report ="
              + " false.");
    }
    return path;
  }

  private static void save(PipelineModel model, String path) {
    try {
      model.write().overwrite().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model to " + path, e);
    }
  }

  /**
   * Reads the training set at its latest version and records it as an input: the one place this job
   * reads a table. Its table properties (what build-training-set wrote about it) come from the
   * Delta table's detail, which DeltaInput does not expose.
   */
  private static TrainingSetRead readTrainingSet(JobContext<?> context, TableRef table) {
    DeltaInput input = context.input(table).latest();
    if (!input.exists()) {
      // The job's own message: TrainModelsBadInputTest and users expect "Training set ...".
      throw new JobFailure(
          "Training set "
              + table
              + " does not exist at "
              + context.pathOf(table)
              + ". Run build-training-set first.");
    }
    Map<String, String> properties = new TreeMap<>();
    Row detail =
        DeltaTable.forPath(context.spark(), context.pathOf(table))
            .detail()
            .select("properties")
            .first();
    if (!detail.isNullAt(0)) {
      detail
          .<String, String>getJavaMap(0)
          .forEach(
              (k, v) -> {
                if (!k.startsWith("delta.")) {
                  properties.put(k, v);
                }
              });
    }
    return new TrainingSetRead(input.read(), input.version(), properties);
  }
}
