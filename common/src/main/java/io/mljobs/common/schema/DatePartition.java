package io.mljobs.common.schema;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table's date partition, declared as {@code partition = { column = event_date, expr =
 * "to_date(event_ts)" }}: the column rows are partitioned by, computed by {@code expr} when given
 * (else an existing column). Partitioning by when rows happened rather than when they arrived puts
 * a catch-up delivery of many days' rows into its own days.
 *
 * @param column the partition column
 * @param expr the Spark SQL expression computing it, or empty when the column exists already
 */
public record DatePartition(String column, Optional<String> expr) {
  /** The key of the section in a source or dataset. */
  public static final String KEY = "partition";

  /**
   * Columns every bronze table has besides its schema's (see {@code IngestColumns}), which a
   * partition may name without computing them.
   */
  public static final List<String> RUN_COLUMNS = List.of("_run_date", "_run_id");

  /** Reads {@code section.partition}, or empty when the section has none. */
  public static Optional<DatePartition> from(Settings section) {
    if (!section.has(KEY)) {
      return Optional.empty();
    }
    Settings partition = section.section(KEY);
    String column = partition.string("column").trim();
    if (column.isEmpty()) {
      throw new ConfigError(
          partition.fullKey("column"),
          "Config key '" + partition.fullKey("column") + "' is empty.");
    }
    Optional<String> expr = partition.optionalString("expr");
    if (expr.isPresent()) {
      SqlExpressions.referencedColumns(expr.get(), partition.fullKey("expr"));
    }
    partition.declare(List.of("description"));
    partition.rejectUnknownKeys();
    return Optional.of(new DatePartition(column, expr));
  }

  /**
   * A source's schema with this partition's column computed (when it has an expr), checked against
   * the schema: an expr reads only the schema's columns and names a new column; a plain column is
   * one of the schema's (or {@link #RUN_COLUMNS}). {@code key} is the partition section's full key.
   */
  public DeclaredSchema applyTo(DeclaredSchema schema, String key) {
    if (expr.isPresent()) {
      return schema.withComputed(new ComputedColumn(column, expr.get(), null), key);
    }
    List<String> known = new ArrayList<>(schema.outputColumnNames());
    known.addAll(RUN_COLUMNS);
    if (!known.contains(column)) {
      throw new ConfigError(
          key + ".column",
          "Config key '"
              + key
              + ".column' names '"
              + column
              + "', which schema '"
              + schema.name()
              + "' does not have"
              + NearestNames.didYouMean(column, known)
              + ". Name one of "
              + known
              + ", or compute it: partition = { column = "
              + column
              + ", expr = \"to_date(<timestamp column>)\" }.");
    }
    return schema;
  }

  /**
   * The bronze partition columns of a source section: {@code partition.column} when the source
   * declares a partition, else {@code partition-by} (default none). Both at once is a config error.
   */
  public static List<String> partitionBy(Settings source, Optional<DatePartition> partition) {
    if (partition.isPresent()) {
      if (source.has("partition-by")) {
        throw new ConfigError(
            source.fullKey("partition-by"),
            "Config keys '"
                + source.fullKey("partition-by")
                + "' and '"
                + source.fullKey(KEY)
                + "' both set the bronze partition: keep one (partition = { column = ..., expr"
                + " = ... } for an event-date partition).");
      }
      return List.of(partition.get().column());
    }
    return source.strings("partition-by", List.of());
  }
}
