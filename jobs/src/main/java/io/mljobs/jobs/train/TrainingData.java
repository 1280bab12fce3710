package io.mljobs.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.mljobs.common.error.JobFailure;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Pure steps from a training-set table to the three time windows a model is fitted, tuned and
 * compared on, with the checks that turn bad input into a clear {@link JobFailure} (exit 1) before
 * any fit: a missing declared column, no rows, an empty window, a label with one class only, a
 * feature null in every training row.
 */
final class TrainingData {
  /** The label as a double, the column every estimator learns from. */
  static final String LABEL = "__label";

  /** The class weight column (when class-weights = balanced). */
  static final String WEIGHT = "__weight";

  private static final String DATE = "__split_date";

  private TrainingData() {}

  /** The rows of each window, and the dates that bound them. */
  record Split(
      Dataset<Row> train,
      Dataset<Row> validation,
      Dataset<Row> holdout,
      SplitSpec.Windows windows) {}

  /** Fails when {@code rows} lacks a column {@code spec} declares. */
  static void checkColumns(Dataset<Row> rows, ModelSpec spec) {
    List<String> present = Arrays.asList(rows.columns());
    List<String> wanted = new ArrayList<>(List.of(spec.label(), spec.timeColumn()));
    wanted.addAll(spec.features());
    List<String> missing = wanted.stream().filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new JobFailure(
          "Training set "
              + spec.trainingSet()
              + " lacks column(s) "
              + missing
              + " that model '"
              + spec.name()
              + "' declares (its columns: "
              + present
              + "). Rebuild the training set with those features, or remove them from"
              + " mljobs.models."
              + spec.name()
              + ".features.");
    }
  }

  /** Adds the double label and splits by the time column's date. */
  static Split split(Dataset<Row> rows, ModelSpec spec) {
    Dataset<Row> dated =
        rows.withColumn(LABEL, col(spec.label()).cast("double"))
            .withColumn(DATE, to_date(col(spec.timeColumn())));
    Row latestRow = dated.agg(max(DATE)).first();
    if (latestRow.isNullAt(0)) {
      throw new JobFailure(
          "Training set "
              + spec.trainingSet()
              + " has no rows with a "
              + spec.timeColumn()
              + " (empty or all null): nothing to train model '"
              + spec.name()
              + "' on. Run build-training-set first, or check its inputs.");
    }
    LocalDate latest = latestRow.getDate(0).toLocalDate();
    SplitSpec.Windows w = spec.split().windows(latest);
    Column validationStart = lit(java.sql.Date.valueOf(w.validationStart()));
    Column holdoutStart = lit(java.sql.Date.valueOf(w.holdoutStart()));
    Column hasLabel = col(LABEL).isNotNull();
    Split split =
        new Split(
            dated.where(col(DATE).lt(validationStart).and(hasLabel)).drop(DATE),
            dated
                .where(col(DATE).geq(validationStart).and(col(DATE).lt(holdoutStart)).and(hasLabel))
                .drop(DATE),
            dated.where(col(DATE).geq(holdoutStart).and(hasLabel)).drop(DATE),
            w);
    return split;
  }

  /**
   * Fails on windows a model cannot be fitted or compared on: an empty one, a classification label
   * with one class only in train or holdout, a feature null in every training row.
   */
  static void check(Split split, ModelSpec spec, long[] counts) {
    String[] names = {"train", "validation", "holdout"};
    for (int i = 0; i < 3; i++) {
      if (counts[i] == 0) {
        throw new JobFailure(
            "The "
                + names[i]
                + " window of model '"
                + spec.name()
                + "' has no labelled rows ("
                + split.windows()
                + ", from "
                + spec.trainingSet()
                + "). Widen the training set's dates or change mljobs.models."
                + spec.name()
                + ".split.");
      }
    }
    if (spec.task() == Task.BINARY_CLASSIFICATION) {
      checkTwoClasses(split.train(), spec, "train");
      checkTwoClasses(split.holdout(), spec, "holdout");
    }
    List<Column> nonNull = new ArrayList<>();
    for (String f : spec.features()) {
      nonNull.add(count(col(f)).as(f));
    }
    Row present =
        split
            .train()
            .agg(nonNull.get(0), nonNull.subList(1, nonNull.size()).toArray(Column[]::new))
            .first();
    List<String> allNull = new ArrayList<>();
    for (int i = 0; i < spec.features().size(); i++) {
      if (present.getLong(i) == 0) {
        allNull.add(spec.features().get(i));
      }
    }
    if (!allNull.isEmpty()) {
      throw new JobFailure(
          "Feature(s) "
              + allNull
              + " of model '"
              + spec.name()
              + "' are null in every training row of "
              + spec.trainingSet()
              + " ("
              + split.windows()
              + "): nothing to learn or impute from. Fix the feature set, or remove them from"
              + " mljobs.models."
              + spec.name()
              + ".features.");
    }
  }

  private static void checkTwoClasses(Dataset<Row> rows, ModelSpec spec, String window) {
    List<Row> classes = rows.select(LABEL).distinct().orderBy(LABEL).collectAsList();
    List<Double> values = classes.stream().map(r -> r.getDouble(0)).toList();
    if (values.size() < 2) {
      throw new JobFailure(
          "Label "
              + spec.label()
              + " of model '"
              + spec.name()
              + "' has one class only in the "
              + window
              + " window ("
              + values
              + "; "
              + spec.trainingSet()
              + "): a classifier needs both 0 and 1. Check the labels, or widen the window.");
    }
    if (!values.stream().allMatch(v -> v == 0.0 || v == 1.0)) {
      throw new JobFailure(
          "Label "
              + spec.label()
              + " of model '"
              + spec.name()
              + "' must be 0 or 1 for binary-classification, but has "
              + values
              + ".");
    }
  }

  /** Adds {@link #WEIGHT}: each class weighted n / (2 n_class), so both classes weigh the same. */
  static Dataset<Row> withClassWeights(Dataset<Row> rows) {
    List<Row> counts = rows.groupBy(LABEL).count().collectAsList();
    long n = counts.stream().mapToLong(r -> r.getLong(1)).sum();
    Column weight = lit(1.0);
    for (Row r : counts) {
      double w = n / (2.0 * r.getLong(1));
      weight = when(col(LABEL).equalTo(r.getDouble(0)), lit(w)).otherwise(weight);
    }
    return rows.withColumn(WEIGHT, weight);
  }
}
