package io.mljobs.jobs.train;

import static org.apache.spark.sql.functions.col;

import io.mljobs.common.manifest.ManifestJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a model's split as train.csv / validation.csv / holdout.csv folders (label, features;
 * holdout in the row order every candidate was scored in) and {@code leaderboard.json} (the spec,
 * each candidate's params, holdout metrics and train seconds), so another library can be trained on
 * exactly the same rows and compared ({@code scripts/bench/train_sklearn.py}).
 */
final class SplitExport {
  private SplitExport() {}

  static void write(
      SparkSession spark,
      String dir,
      ModelSpec model,
      TrainingData.Split split,
      List<TrainModelsJob.CandidateResult> results) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(TrainingData.LABEL).as("label"));
    model.features().forEach(f -> columns.add(col(f)));
    Column[] cols = columns.toArray(Column[]::new);
    csv(split.train().select(cols), dir + "/train");
    csv(split.validation().select(cols), dir + "/validation");
    csv(split.holdout().orderBy(ModelPipeline.ROW).select(cols), dir + "/holdout");
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model", model.name());
    doc.put("numeric", model.numeric());
    doc.put("categorical", model.categorical());
    doc.put("class_weights", model.classWeights());
    doc.put("seed", model.seed());
    doc.put("windows", split.windows().toString());
    List<Map<String, Object>> candidates = new ArrayList<>();
    for (TrainModelsJob.CandidateResult r : results) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", r.fitted().spec().name());
      c.put("algorithm", r.fitted().spec().algorithm().kebab());
      c.put("params", r.allParams());
      c.put("train_seconds", r.fitted().seconds());
      Map<String, Object> metrics = new LinkedHashMap<>();
      r.metrics().forEach((m, e) -> metrics.put(m.column(), e.value()));
      c.put("metrics", metrics);
      candidates.add(c);
    }
    doc.put("candidates", candidates);
    try {
      Path target = new Path(dir + "/leaderboard.json");
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (var out = fs.create(target, true)) {
        out.write(ManifestJson.compact(doc).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + dir + "/leaderboard.json", e);
    }
  }

  private static void csv(Dataset<Row> rows, String path) {
    rows.coalesce(1).write().mode("overwrite").option("header", "true").csv(path);
  }
}
