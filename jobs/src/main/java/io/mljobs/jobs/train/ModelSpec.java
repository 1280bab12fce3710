package io.mljobs.jobs.train;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model declared in config ({@code mljobs.models.<name>}; see README, "Training"): what it learns
 * from, how features are handled and which candidates compete.
 *
 * @param name the model's name (registry, artifacts)
 * @param trainingSet the training-set table
 * @param label the label column (0/1 for classification)
 * @param task what it predicts
 * @param timeColumn the column the time-based split uses (a timestamp or date)
 * @param numeric numeric features, imputed with the train window's median
 * @param categorical categorical features, indexed (unseen values and nulls to their own bucket)
 *     and one-hot encoded
 * @param maxCategories the most values one categorical feature contributes, its "other" bucket
 *     included (the rarest go to that bucket; see {@link CategoryCap})
 * @param split the time-based split
 * @param classWeights weight classes inversely to their frequency (classification)
 * @param threshold the probability from which a row is predicted positive
 * @param seed the seed of every random choice (forests, boosting, bootstrap)
 * @param candidates the competing candidates, in config (sorted name) order
 */
public record ModelSpec(
    String name,
    TableRef trainingSet,
    String label,
    Task task,
    String timeColumn,
    List<String> numeric,
    List<String> categorical,
    int maxCategories,
    SplitSpec split,
    boolean classWeights,
    double threshold,
    long seed,
    List<CandidateSpec> candidates) {

  /** Levels per categorical feature when the config does not say (the "other" bucket included). */
  public static final int DEFAULT_MAX_CATEGORIES = 100;

  public ModelSpec {
    numeric = List.copyOf(numeric);
    categorical = List.copyOf(categorical);
    candidates = List.copyOf(candidates);
  }

  /** Every feature column, numeric first. */
  public List<String> features() {
    List<String> all = new ArrayList<>(numeric);
    all.addAll(categorical);
    return all;
  }

  /** Whether a higher value of the model's selection metric is better. */
  public Metric selectionMetric() {
    return task == Task.BINARY_CLASSIFICATION ? Metric.AUC_ROC : Metric.RMSE;
  }

  /** Parses {@code mljobs.models.<name>} (s), failing with the key named. */
  public static ModelSpec from(String name, Settings s) {
    TableRef table = TableRef.parse(s.string("training-set"), s.fullKey("training-set"));
    String label = s.string("label");
    Task task = s.choice("task", Task.class, Task.BINARY_CLASSIFICATION);
    String time = s.string("time-column");
    Settings f = s.section("features");
    List<String> numeric = f.strings("numeric", List.of());
    List<String> categorical = f.strings("categorical", List.of());
    int maxCategories = (int) f.longValue("max-categories", DEFAULT_MAX_CATEGORIES, 2);
    f.rejectUnknownKeys();
    if (numeric.isEmpty() && categorical.isEmpty()) {
      throw new ConfigError(
          f.fullKey("numeric"),
          "Model '"
              + name
              + "' declares no features: list them under "
              + f.fullKey("numeric")
              + " and/or "
              + f.fullKey("categorical")
              + " (features are never inferred).");
    }
    Set<String> seen = new HashSet<>();
    for (String c : concat(numeric, categorical)) {
      if (!seen.add(c) || c.equals(label) || c.equals(time)) {
        throw new ConfigError(
            f.fullKey("numeric"),
            "Model '"
                + name
                + "': column '"
                + c
                + "' is declared twice (or is the label or time column) under "
                + f.path()
                + ".");
      }
    }
    SplitSpec split = SplitSpec.from(s.sectionOrEmpty("split"));
    boolean weights = "balanced".equals(s.string("class-weights", "none"));
    if (!List.of("none", "balanced").contains(s.string("class-weights", "none"))) {
      throw new ConfigError(
          s.fullKey("class-weights"),
          "Config key '"
              + s.fullKey("class-weights")
              + "' must be none or balanced, not '"
              + s.string("class-weights")
              + "'.");
    }
    if (weights && task != Task.BINARY_CLASSIFICATION) {
      throw new ConfigError(
          s.fullKey("class-weights"),
          "Config key '" + s.fullKey("class-weights") + "' applies to classification only.");
    }
    double threshold = s.number("threshold", 0.5);
    if (!(threshold > 0 && threshold < 1)) {
      throw new ConfigError(
          s.fullKey("threshold"),
          "Config key '" + s.fullKey("threshold") + "' must be in (0, 1), not " + threshold);
    }
    long seed = s.longValue("seed", 42L);
    List<CandidateSpec> candidates = new ArrayList<>();
    for (Map.Entry<String, Settings> c : s.namedSections("candidates").entrySet()) {
      candidates.add(CandidateSpec.from(c.getKey(), c.getValue(), task));
    }
    if (candidates.isEmpty()) {
      throw new ConfigError(
          s.fullKey("candidates"),
          "Model '"
              + name
              + "' has no candidates: declare "
              + s.fullKey("candidates")
              + ".<name> { algorithm = ... } (one of "
              + Algorithm.names()
              + ").");
    }
    s.rejectUnknownKeys();
    return new ModelSpec(
        name,
        table,
        label,
        task,
        time,
        numeric,
        categorical,
        maxCategories,
        split,
        weights,
        threshold,
        seed,
        candidates);
  }

  /** Every model under {@code mljobs.models}, by name. */
  static Map<String, Settings> sections(Settings mljobs) {
    return mljobs.namedSections("models");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
