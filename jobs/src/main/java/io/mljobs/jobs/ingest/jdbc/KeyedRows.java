package io.mljobs.jobs.ingest.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Pure transforms over rows that carry a key. */
final class KeyedRows {
  private static final String RANK = "_key_rank";

  private KeyedRows() {}

  /**
   * One row per key: the one with the highest {@code order} value (nulls last), ties broken by the
   * {@code tieBreak} columns, highest first, so the choice is the same on every run. A MERGE
   * refuses several source rows for one target row, and bronze holds one row per key, so a query
   * that yields a key twice (or a row read twice while it moved between partitions) loads its
   * latest version.
   */
  static Dataset<Row> latestPerKey(
      Dataset<Row> rows, List<String> keys, Optional<String> order, List<String> tieBreak) {
    List<Column> ordering = new ArrayList<>();
    order.ifPresent(o -> ordering.add(col(quoted(o)).desc_nulls_last()));
    tieBreak.stream()
        .filter(c -> !keys.contains(c) && !order.map(c::equals).orElse(false))
        .forEach(c -> ordering.add(col(quoted(c)).desc_nulls_last()));
    if (ordering.isEmpty()) {
      ordering.add(col(quoted(keys.get(0))));
    }
    Column[] partition = keys.stream().map(k -> col(quoted(k))).toArray(Column[]::new);
    return rows.withColumn(
            RANK,
            row_number()
                .over(Window.partitionBy(partition).orderBy(ordering.toArray(Column[]::new))))
        .filter(col(RANK).equalTo(1))
        .drop(RANK);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
