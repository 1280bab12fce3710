package io.mljobs.jobs.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Arriving labels joined to logged predictions (pure): each prediction once per event, model
 * version and alias (a date scored twice keeps one row), each label key once (a key labelled more
 * than once keeps its highest label), and counts of what could not be used.
 *
 * @param labelled prediction columns plus {@code label}, one row per labelled prediction
 * @param unknownLabels label keys that match no logged prediction
 * @param duplicateLabels label keys that arrived more than once
 */
record LabelJoin(Dataset<Row> labelled, long unknownLabels, long duplicateLabels) {
  static final String LABEL = "label";

  static LabelJoin of(Dataset<Row> predictions, Dataset<Row> labels, ScoringSpec spec) {
    ScoringSpec.LabelSpec l = spec.labels().orElseThrow();
    List<String> eventAndModel = new ArrayList<>(spec.eventColumns());
    eventAndModel.add("version");
    eventAndModel.add("alias");
    Dataset<Row> once = predictions.dropDuplicates(eventAndModel.toArray(String[]::new));
    Column[] keys = l.keys().stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> byKey =
        labels
            .where(col(l.labelColumn()).isNotNull())
            .groupBy(keys)
            .agg(max(col(l.labelColumn()).cast("double")).as(LABEL), count("*").as("__n"))
            .cache();
    long duplicates = byKey.where(col("__n").gt(1)).count();
    scala.collection.Seq<String> on =
        scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(l.keys())).toSeq();
    long unknown = byKey.join(once.select(keys).distinct(), on, "left_anti").count();
    Dataset<Row> labelled = once.join(byKey.drop("__n"), on, "inner");
    return new LabelJoin(labelled, unknown, duplicates);
  }
}
