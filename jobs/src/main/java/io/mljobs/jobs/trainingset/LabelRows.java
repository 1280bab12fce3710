package io.mljobs.jobs.trainingset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import io.mljobs.common.config.ConfigError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.TimestampNTZType;

/** Pure steps that turn a label table into the label rows of a training set. */
final class LabelRows {
  private LabelRows() {}

  /**
   * How many label rows share a key with an earlier one.
   *
   * @param extraRows rows beyond the first of each duplicated key
   * @param keys keys that occur more than once
   */
  record Duplicates(long extraRows, long keys) {}

  /** The label rows with {@code enrich.columns} of {@code table} joined on {@code enrich.on}. */
  static Dataset<Row> enrich(
      Dataset<Row> labels, Dataset<Row> table, LabelSpec spec, String described) {
    LabelSpec.Enrich enrich = spec.enrich().orElseThrow();
    String enrichKey = spec.keyOf("enrich");
    requireAll(labels, enrich.on(), enrichKey + ".on", "Label table " + spec.table());
    requireAll(table, enrich.on(), enrichKey + ".on", "Enrichment table " + enrich.table());
    requireAll(
        table, enrich.columns(), enrichKey + ".columns", "Enrichment table " + enrich.table());
    for (String c : enrich.columns()) {
      if (Arrays.asList(labels.columns()).contains(c) && !enrich.on().contains(c)) {
        throw new ConfigError(
            enrichKey + ".columns",
            "Config key '"
                + enrichKey
                + ".columns' takes '"
                + c
                + "' from "
                + enrich.table()
                + ", but label table "
                + spec.table()
                + " has a column of that name already; leave it out of the list.");
      }
    }
    List<Column> taken = new ArrayList<>();
    enrich.on().forEach(c -> taken.add(col(c)));
    enrich.columns().stream().filter(c -> !enrich.on().contains(c)).forEach(c -> taken.add(col(c)));
    return labels.join(
        table.select(taken.toArray(Column[]::new)),
        scala.collection.JavaConverters.asScalaBuffer(enrich.on()).toSeq(),
        "inner");
  }

  /**
   * The label rows reduced to the training set's columns: extra columns, entity keys, label time (a
   * timestamp) and label (cast to {@code label-type} if set). Fails naming the key of a column the
   * rows lack, e.g. {@code labels.time-column}.
   */
  static Dataset<Row> select(Dataset<Row> labels, LabelSpec spec, String described) {
    requireAll(labels, spec.extraColumns(), spec.keyOf("extra-columns"), described);
    requireAll(labels, spec.entityKeys(), spec.keyOf("entity-keys"), described);
    requireAll(labels, List.of(spec.timeColumn()), spec.keyOf("time-column"), described);
    requireAll(labels, List.of(spec.labelColumn()), spec.keyOf("label-column"), described);
    requireAll(labels, spec.key(), spec.keyOf("key"), described);
    spec.orderBy()
        .ifPresent(o -> requireAll(labels, List.of(o), spec.keyOf("order-by"), described));
    DataType timeType = labels.schema().apply(spec.timeColumn()).dataType();
    if (!(timeType.equals(DataTypes.TimestampType)
        || timeType.equals(DataTypes.DateType)
        || timeType instanceof TimestampNTZType)) {
      throw new ConfigError(
          spec.keyOf("time-column"),
          "Config key '"
              + spec.keyOf("time-column")
              + "' names '"
              + spec.timeColumn()
              + "' of "
              + described
              + ", a "
              + timeType.simpleString()
              + " column; the label time must be a timestamp or a date.");
    }
    List<Column> out = new ArrayList<>();
    List<String> named = new ArrayList<>();
    for (String c : spec.requiredColumns()) {
      Column column = col(c);
      if (c.equals(spec.timeColumn())) {
        column = column.cast(DataTypes.TimestampType);
      } else if (c.equals(spec.labelColumn()) && spec.labelType().isPresent()) {
        column = column.cast(spec.labelType().get());
      }
      out.add(column.as(c));
      named.add(c);
    }
    // Key and order-by columns not in the output are kept for deduplication, dropped after it.
    for (String c : spec.key()) {
      if (!named.contains(c)) {
        out.add(col(c));
        named.add(c);
      }
    }
    spec.orderBy().filter(o -> !named.contains(o)).ifPresent(o -> out.add(col(o)));
    return labels.select(out.toArray(Column[]::new));
  }

  /** Counts the rows that share their key with another row. */
  static Duplicates duplicates(Dataset<Row> labels, List<String> key) {
    Row row =
        labels
            .groupBy(key.stream().map(c -> col(c)).toArray(Column[]::new))
            .agg(count(lit(1)).as("n"))
            .filter(col("n").gt(1))
            .agg(sum(col("n").minus(1)), count(lit(1)))
            .first();
    return new Duplicates(row.isNullAt(0) ? 0 : row.getLong(0), row.getLong(1));
  }

  /**
   * One row per key: the one with the greatest {@code order-by} value (then the greatest label,
   * then the latest label time, so the choice does not depend on file order).
   */
  static Dataset<Row> keepLatest(Dataset<Row> labels, LabelSpec spec) {
    String order = spec.orderBy().orElseThrow();
    Dataset<Row> ranked =
        labels.withColumn(
            "_label_rank",
            row_number()
                .over(
                    Window.partitionBy(spec.key().stream().map(c -> col(c)).toArray(Column[]::new))
                        .orderBy(
                            col(order).desc_nulls_last(),
                            col(spec.labelColumn()).desc_nulls_last(),
                            col(spec.timeColumn()).desc_nulls_last())));
    return ranked.filter(col("_label_rank").equalTo(1)).drop("_label_rank");
  }

  /** The label rows with only the training set's columns (after deduplication). */
  static Dataset<Row> output(Dataset<Row> labels, LabelSpec spec) {
    return labels.select(spec.requiredColumns().stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /** Fails with the key when {@code rows} lacks one of {@code columns}. */
  static void requireAll(Dataset<Row> rows, List<String> columns, String key, String described) {
    List<String> present = Arrays.asList(rows.columns());
    for (String c : columns) {
      if (!present.contains(c)) {
        throw new ConfigError(
            key,
            described
                + " has no column '"
                + c
                + "', named by config key '"
                + key
                + "'. Its columns are "
                + present
                + "; fix the key or the table.");
      }
    }
  }
}
