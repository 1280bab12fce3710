package io.mljobs.jobs.train;

import io.mljobs.common.manifest.ManifestJson;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code models.leaderboard}: one row per candidate per training run, every candidate scored on the
 * same holdout. Each metric of the model's task is a column with its interval ({@code auc_roc},
 * {@code auc_roc_lower}, {@code auc_roc_upper}); {@code selected} marks the candidate registered.
 */
final class Leaderboard {
  private Leaderboard() {}

  static Dataset<Row> rows(
      SparkSession spark,
      String runId,
      ModelSpec model,
      long version,
      TrainingData.Split split,
      long[] counts,
      List<TrainModelsJob.CandidateResult> results,
      TrainModelsJob.CandidateResult best,
      Timestamp at) {
    StructType schema =
        new StructType()
            .add("run_id", DataTypes.StringType)
            .add("model", DataTypes.StringType)
            .add("version", DataTypes.LongType)
            .add("candidate", DataTypes.StringType)
            .add("algorithm", DataTypes.StringType)
            .add("selected", DataTypes.BooleanType)
            .add("params", DataTypes.StringType)
            .add("validation_scores", DataTypes.StringType)
            .add("train_seconds", DataTypes.DoubleType)
            .add("rows_train", DataTypes.LongType)
            .add("rows_validation", DataTypes.LongType)
            .add("rows_holdout", DataTypes.LongType)
            .add("holdout", DataTypes.StringType)
            .add("artifact_path", DataTypes.StringType)
            .add("trained_at", DataTypes.TimestampType);
    for (Metric m : Metric.of(model.task())) {
      schema =
          schema
              .add(m.column(), DataTypes.DoubleType)
              .add(m.column() + "_lower", DataTypes.DoubleType)
              .add(m.column() + "_upper", DataTypes.DoubleType);
    }
    List<Row> rows = new ArrayList<>();
    for (TrainModelsJob.CandidateResult r : results) {
      List<Object> values =
          new ArrayList<>(
              List.of(
                  runId,
                  model.name(),
                  version,
                  r.fitted().spec().name(),
                  r.fitted().spec().algorithm().kebab(),
                  r == best,
                  ManifestJson.compact(r.allParams()),
                  ManifestJson.compact(r.fitted().validation()),
                  r.fitted().seconds(),
                  counts[0],
                  counts[1],
                  counts[2],
                  split.windows().toString(),
                  r.artifact(),
                  at));
      for (Map.Entry<Metric, Bootstrap.Estimate> e : r.metrics().entrySet()) {
        values.add(e.getValue().value());
        values.add(e.getValue().lower());
        values.add(e.getValue().upper());
      }
      rows.add(RowFactory.create(values.toArray()));
    }
    return spark.createDataFrame(rows, schema);
  }
}
