package io.mljobs.jobs.bench;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The baseline of the scoring benchmark (scripts/bench/score.sh): what a user writes without mljobs
 * to score a day of features. Reads the champion's artifact path from the registry table, loads
 * that PipelineModel, transforms the feature rows of one date and writes the same prediction
 * columns as {@code score} (keys, event time, score_date, model, version, alias, score = P(label =
 * 1), prediction, run_id, scored_at) to a Delta table partitioned by score_date, replacing that
 * date. No config, no registry checks beyond the lookup, no manifest, no shadow model.
 *
 * <pre>
 * PlainScore REGISTRY_PATH MODEL FEATURES_PATH OUTPUT_PATH DATE KEY_COLUMN TIME_COLUMN THRESHOLD
 * </pre>
 */
public final class PlainScore {
  private PlainScore() {}

  public static void main(String[] args) {
    if (args.length != 8) {
      System.err.println(
          "usage: PlainScore REGISTRY MODEL FEATURES OUTPUT DATE KEY_COLUMN TIME_COLUMN THRESHOLD");
      System.exit(2);
    }
    String model = args[1];
    String date = args[4];
    double threshold = Double.parseDouble(args[7]);
    SparkSession spark = BenchSessions.create("plain-score");
    List<Row> champion =
        spark
            .read()
            .format("delta")
            .load(args[0])
            .where(col("name").equalTo(model).and(col("alias").equalTo("champion")))
            .select("artifact_path", "version")
            .collectAsList();
    if (champion.size() != 1) {
      System.err.println("PlainScore: " + champion.size() + " champion(s) of " + model);
      System.exit(1);
    }
    PipelineModel pipeline = PipelineModel.load(champion.get(0).getString(0));
    Dataset<Row> rows =
        spark
            .read()
            .format("delta")
            .load(args[2])
            .where(col("feature_date").equalTo(lit(Date.valueOf(date))));
    var score = vector_to_array(col("probability"), "float64").getItem(1);
    Dataset<Row> predictions =
        pipeline
            .transform(rows)
            .select(
                col(args[5]),
                col(args[6]),
                lit(Date.valueOf(date)).as("score_date"),
                lit(model).as("model"),
                lit(champion.get(0).getLong(1)).as("version"),
                lit("champion").as("alias"),
                score.as("score"),
                when(score.geq(threshold), 1.0).otherwise(0.0).as("prediction"),
                lit("plain-score").as("run_id"),
                current_timestamp().as("scored_at"));
    predictions
        .write()
        .format("delta")
        .mode("overwrite")
        .partitionBy("score_date")
        .option("replaceWhere", "score_date = DATE'" + date + "'")
        .save(args[3]);
    spark.stop();
  }
}
