package io.mljobs.jobs.score;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import io.mljobs.jobs.train.Metric;
import io.mljobs.jobs.train.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How one registered model is scored and evaluated ({@code mljobs.scoring.<model>}): which feature
 * table gives its rows, which columns identify a scored event, where predictions go, and (for
 * evaluate-model) where labels arrive and how realized performance is judged.
 *
 * @param model the model's name in the registry
 * @param task what it predicts ({@code mljobs.models.<model>.task}, default binary-classification)
 * @param features the feature table (one row per event to score)
 * @param dateColumn the feature table's date column; score reads the rows of the run date
 * @param keys entity key columns copied to each prediction
 * @param timeColumn the event-time column copied to each prediction
 * @param predictions the predictions table ({@code predictions.<model>} by default)
 * @param threshold the probability from which a row is predicted positive
 * @param shadow also score the challenger, when one is registered
 * @param labels where labels arrive (empty: evaluate-model skips the model)
 * @param performance how realized performance is judged
 */
public record ScoringSpec(
    String model,
    Task task,
    TableRef features,
    String dateColumn,
    List<String> keys,
    String timeColumn,
    TableRef predictions,
    double threshold,
    boolean shadow,
    Optional<LabelSpec> labels,
    PerformanceSpec performance) {

  public ScoringSpec {
    keys = List.copyOf(keys);
  }

  /** The columns that identify one scored event: the keys, then the event time. */
  public List<String> eventColumns() {
    List<String> all = new ArrayList<>(keys);
    all.add(timeColumn);
    return all;
  }

  /**
   * Where labels arrive: a table with the join columns (each a prediction's key or time column) and
   * a label column.
   *
   * @param table the label table
   * @param keys columns joined to the predictions' columns of the same name
   * @param labelColumn the realized label (0/1 or a number)
   * @param duplicates what a key labelled more than once does: {@code max} keeps its highest label
   *     (a fraud label wins), {@code fail} stops the run
   */
  public record LabelSpec(
      TableRef table, List<String> keys, String labelColumn, String duplicates) {
    public LabelSpec {
      keys = List.copyOf(keys);
    }
  }

  /**
   * How realized performance is judged against the champion's holdout metric.
   *
   * @param metric the metric compared (default auc_roc / rmse)
   * @param margin a drop larger than this below the holdout value is a performance-drift verdict
   * @param minLabelled below this many labelled rows a date is not judged
   * @param lookback evaluate-model re-evaluates the scoring dates within this before the run date
   * @param replicates bootstrap replicates of each interval
   * @param confidence the intervals' confidence
   */
  public record PerformanceSpec(
      Metric metric,
      double margin,
      int minLabelled,
      Duration lookback,
      int replicates,
      double confidence) {}

  /** Every model under {@code mljobs.scoring}, parsed, by name. */
  public static List<ScoringSpec> all(Settings mljobs) {
    List<ScoringSpec> specs = new ArrayList<>();
    for (Map.Entry<String, Settings> e : mljobs.namedSections("scoring").entrySet()) {
      specs.add(from(e.getKey(), e.getValue(), mljobs));
    }
    return specs;
  }

  /** The specs named in {@code own.models} (all when absent), failing with the key named. */
  static List<ScoringSpec> selected(Settings mljobs, Settings own, String job) {
    List<ScoringSpec> all = all(mljobs);
    List<String> only = own.strings("models", List.of());
    if (all.isEmpty()) {
      throw new ConfigError(
          "mljobs.scoring",
          job
              + " has no model to work on: declare mljobs.scoring.<model> { features-table = ...,"
              + " keys = [...], time-column = ... } (README, \"Scoring and retraining\").");
    }
    if (only.isEmpty()) {
      return all;
    }
    List<ScoringSpec> picked = new ArrayList<>();
    for (String name : only) {
      picked.add(
          all.stream()
              .filter(s -> s.model().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ConfigError(
                          own.fullKey("models"),
                          "Config key '"
                              + own.fullKey("models")
                              + "' names model '"
                              + name
                              + "', which has no mljobs.scoring."
                              + name
                              + " section. Declared: "
                              + all.stream().map(ScoringSpec::model).toList()
                              + ".")));
    }
    return picked;
  }

  static ScoringSpec from(String model, Settings s, Settings mljobs) {
    Settings models = mljobs.sectionOrEmpty("models");
    models.declare(models.config().root().keySet());
    Settings modelSection = models.sectionOrEmpty(model);
    // Only task and threshold are read here; train-models validates the model's other keys.
    modelSection.declare(modelSection.config().root().keySet());
    Task task = modelSection.choice("task", Task.class, Task.BINARY_CLASSIFICATION);
    double modelThreshold = modelSection.number("threshold", 0.5);
    TableRef features = TableRef.parse(s.string("features-table"), s.fullKey("features-table"));
    List<String> keys = s.strings("keys", List.of());
    if (keys.isEmpty()) {
      throw new ConfigError(
          s.fullKey("keys"),
          "Config key '"
              + s.fullKey("keys")
              + "' is required: the entity key column(s) each prediction carries.");
    }
    String time = s.string("time-column");
    double threshold = s.number("threshold", modelThreshold);
    if (!(threshold > 0 && threshold < 1)) {
      throw new ConfigError(
          s.fullKey("threshold"),
          "Config key '" + s.fullKey("threshold") + "' must be in (0, 1), not " + threshold);
    }
    Optional<LabelSpec> labels = Optional.empty();
    if (s.has("labels")) {
      Settings l = s.section("labels");
      List<String> labelKeys = l.strings("keys", List.of());
      List<String> allowed = new ArrayList<>(keys);
      allowed.add(time);
      if (labelKeys.isEmpty() || !allowed.containsAll(labelKeys)) {
        throw new ConfigError(
            l.fullKey("keys"),
            "Config key '"
                + l.fullKey("keys")
                + "' must list columns of the predictions to join labels on (some of "
                + allowed
                + "), not "
                + labelKeys
                + ".");
      }
      String duplicates = l.string("duplicates", "max");
      if (!List.of("max", "fail").contains(duplicates)) {
        throw new ConfigError(
            l.fullKey("duplicates"),
            "Config key '"
                + l.fullKey("duplicates")
                + "' must be max or fail, not '"
                + duplicates
                + "'.");
      }
      labels =
          Optional.of(
              new LabelSpec(
                  TableRef.parse(l.string("table"), l.fullKey("table")),
                  labelKeys,
                  l.string("label-column"),
                  duplicates));
    }
    Settings p = s.sectionOrEmpty("performance");
    Metric defaultMetric = task == Task.BINARY_CLASSIFICATION ? Metric.AUC_ROC : Metric.RMSE;
    String metricName = p.string("metric", defaultMetric.column());
    Metric metric =
        Metric.of(task).stream()
            .filter(m -> m.column().equals(metricName.toLowerCase(Locale.ROOT)))
            .findFirst()
            .orElseThrow(
                () ->
                    new ConfigError(
                        p.fullKey("metric"),
                        "Config key '"
                            + p.fullKey("metric")
                            + "' must be one of "
                            + Metric.of(task).stream().map(Metric::column).toList()
                            + " for "
                            + task.kebab()
                            + ", not '"
                            + metricName
                            + "'."));
    double margin = p.number("margin", 0.05);
    if (margin < 0) {
      throw new ConfigError(
          p.fullKey("margin"), "Config key '" + p.fullKey("margin") + "' must be >= 0.");
    }
    double confidence = p.number("confidence", 0.95);
    if (!(confidence > 0 && confidence < 1)) {
      throw new ConfigError(
          p.fullKey("confidence"),
          "Config key '" + p.fullKey("confidence") + "' must be in (0, 1).");
    }
    PerformanceSpec performance =
        new PerformanceSpec(
            metric,
            margin,
            p.integer("min-labelled", 30, 1),
            p.duration("lookback", Duration.ofDays(30)),
            p.integer("replicates", 200, 1),
            confidence);
    ScoringSpec spec =
        new ScoringSpec(
            model,
            task,
            features,
            s.string("date-column", "feature_date"),
            keys,
            time,
            TableRef.parse(
                s.string("predictions-table", "predictions." + model),
                s.fullKey("predictions-table")),
            threshold,
            s.bool("shadow", true),
            labels,
            performance);
    s.rejectUnknownKeys();
    return spec;
  }
}
