package io.mljobs.jobs.score;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.mljobs.jobs.train.RegistryEntry;
import io.mljobs.jobs.train.Task;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores feature rows with one registered model: the saved PipelineModel's own transform, reduced
 * to the prediction log's columns (event keys and time, model, version, alias, score, prediction).
 */
final class Scorer {
  /** The predictions table's partition column: the date scored. */
  static final String SCORE_DATE = "score_date";

  private Scorer() {}

  /** The entry's feature columns that {@code rows} lacks (empty: it can be scored). */
  static List<String> missingFeatures(RegistryEntry entry, Dataset<Row> rows) {
    List<String> have = Arrays.asList(rows.columns());
    List<String> missing = new ArrayList<>();
    for (String f : entry.features()) {
      if (!have.contains(f)) {
        missing.add(f);
      }
    }
    return missing;
  }

  /**
   * {@code rows} scored by {@code model} (registered as {@code entry}): one prediction per row. The
   * score is P(label = 1) for classification (prediction = score >= threshold), the predicted value
   * for regression.
   */
  static Dataset<Row> score(
      PipelineModel model,
      Dataset<Row> rows,
      RegistryEntry entry,
      ScoringSpec spec,
      LocalDate date,
      String runId) {
    Dataset<Row> transformed = model.transform(rows);
    Column score =
        spec.task() == Task.BINARY_CLASSIFICATION
            ? vector_to_array(col("probability"), "float64").getItem(1)
            : col("prediction").cast("double");
    List<Column> out = new ArrayList<>();
    spec.eventColumns().forEach(c -> out.add(col(c)));
    out.add(lit(Date.valueOf(date)).as(SCORE_DATE));
    out.add(lit(entry.name()).as("model"));
    out.add(lit(entry.version()).as("version"));
    out.add(lit(entry.alias()).as("alias"));
    out.add(score.as("score"));
    out.add(
        (spec.task() == Task.BINARY_CLASSIFICATION
                ? when(score.geq(spec.threshold()), 1.0).otherwise(0.0)
                : score)
            .as("prediction"));
    out.add(lit(runId).as("run_id"));
    out.add(current_timestamp().as("scored_at"));
    return transformed.select(out.toArray(Column[]::new));
  }
}
