package io.mljobs.jobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.table.TableRef;
import io.mljobs.quality.DatasetSpec;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Reads the rows the quality jobs look at, pinned to the Delta version read and recorded. */
final class DatasetTables {
  private DatasetTables() {}

  /**
   * The rows of a table read at one version.
   *
   * @param rows the rows (the run date's partition when a partition column is given)
   * @param version the Delta version read
   * @param label how the rows are named in messages ({@code bronze.x version 3 (_run_date = ...)})
   */
  record Read(Dataset<Row> rows, long version, String label) {}

  /** The run date's rows of {@code dataset}'s table, recorded as an input of the run. */
  static Read read(JobContext<?> context, DatasetSpec dataset) {
    return partitions(context, dataset, DateSelection.runDate()).of(context.runDate());
  }

  /**
   * A dataset's table read once, pinned to one version, and the dates to work on, each of which
   * {@link #of} gives on its own.
   *
   * @param table every row (with the computed partition column, if the dataset declares one)
   * @param version the Delta version read
   * @param tableLabel the table and version, for messages
   * @param column the date partition column, empty for a dataset read whole
   * @param dates the selected dates, ascending (the run date alone for a dataset read whole)
   * @param perDate true when the dates were chosen by a range or by the rows a run touched, so
   *     messages name the date
   */
  record Partitions(
      Dataset<Row> table,
      long version,
      String tableLabel,
      Optional<String> column,
      List<LocalDate> dates,
      boolean perDate) {

    /** The rows of {@code date} (every row for a dataset without a partition column). */
    Read of(LocalDate date) {
      if (column.isEmpty()) {
        return new Read(table, version, tableLabel);
      }
      return new Read(
          onDate(table, column.get(), date),
          version,
          tableLabel + " (" + column.get() + " = " + date + ")");
    }

    /** How a date's outcome is named in summaries: the dataset, with the date when per date. */
    String name(DatasetSpec dataset, LocalDate date) {
      return perDate && column.isPresent() ? dataset.name() + " " + date : dataset.name();
    }
  }

  /**
   * The dates of {@code dataset} that {@code selection} picks, its table pinned to the version read
   * and recorded as an input of the run (with the dates).
   */
  static Partitions partitions(
      JobContext<?> context, DatasetSpec dataset, DateSelection selection) {
    DeltaInput input = tableOf(context, dataset.table()).detail("dataset", dataset.name());
    long version = input.version();
    String label = input.label();
    if (dataset.partitionColumn().isEmpty()) {
      return new Partitions(
          input.read(), version, label, Optional.empty(), List.of(context.runDate()), false);
    }
    String column = dataset.partitionColumn().get();
    Dataset<Row> data = input.scan();
    if (dataset.partitionExpr().isPresent()) {
      data = withPartitionColumn(data, dataset, column, dataset.partitionExpr().get());
    }
    List<LocalDate> dates = selection.dates(data, column, context.runDate(), label);
    // Recorded once the dates are known; the rows are the ones scanned above (same version).
    input
        .detail(
            "partition",
            column
                + (dates.size() == 1
                    ? " = " + dates.get(0)
                    : " in ["
                        + String.join(", ", dates.stream().map(String::valueOf).toList())
                        + "]"))
        .read();
    return new Partitions(
        data,
        version,
        label,
        Optional.of(column),
        dates,
        selection.mode() != DateSelection.Mode.RUN_DATE);
  }

  /** A reader of {@code table} at its latest version, for the quality jobs. */
  static DeltaInput tableOf(JobContext<?> context, TableRef table) {
    return context.input(table).latest().writtenBy("e.g. ingest-files");
  }

  /** The table with the dataset's computed partition column; a bad expression is a config error. */
  private static Dataset<Row> withPartitionColumn(
      Dataset<Row> data, DatasetSpec dataset, String column, String expr) {
    String key = "mljobs.datasets." + dataset.name() + ".partition.expr";
    try {
      return data.withColumn(column, functions.expr(expr));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) { // AnalysisException, which Scala throws undeclared
      String detail =
          e instanceof org.apache.spark.sql.AnalysisException a
              ? a.getSimpleMessage()
              : e.toString();
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' ('"
              + expr
              + "') does not fit table "
              + dataset.table()
              + ": "
              + detail
              + ". Columns: "
              + java.util.Arrays.toString(data.columns())
              + ".");
    }
  }

  /**
   * The rows of {@code rows} whose {@code column} falls on {@code date}: compared as it is for a
   * date (or 'yyyy-MM-dd' text) partition, so Delta prunes files; by its date for a timestamp.
   */
  static Dataset<Row> onDate(Dataset<Row> rows, String column, LocalDate date) {
    Column value =
        isTimestamp(rows, column)
            ? DateSelection.dateOf(rows, column)
            : col("`" + column.replace("`", "``") + "`");
    return rows.where(value.equalTo(lit(date.toString())));
  }

  private static boolean isTimestamp(Dataset<Row> rows, String column) {
    return java.util.Arrays.stream(rows.schema().fields())
        .anyMatch(
            f ->
                f.name().equals(column)
                    && (f.dataType() instanceof org.apache.spark.sql.types.TimestampType
                        || f.dataType() instanceof org.apache.spark.sql.types.TimestampNTZType));
  }

  /**
   * A writer to {@code table} whose idempotency is keyed by the date it writes, not by how many
   * writes came before it in the run: a re-run of the same run id skips exactly the dates already
   * written, even when an earlier date failed the first time and passes now.
   */
  static DeltaOutput output(JobContext<?> context, TableRef table, LocalDate date) {
    return context
        .output(table)
        .idempotent(
            "mljobs/"
                + context.run().job()
                + "/"
                + context.run().writeScope()
                + "/"
                + table
                + "@"
                + date,
            0);
  }

  /** The rows of {@code table} (the run date's partition of {@code partitionColumn}, if given). */
  static Read read(
      JobContext<?> context,
      TableRef table,
      Optional<String> partitionColumn,
      Map<String, Object> details) {
    DeltaInput input = tableOf(context, table);
    for (Map.Entry<String, Object> d : details.entrySet()) {
      input = input.detail(d.getKey(), d.getValue());
    }
    if (partitionColumn.isPresent()) {
      input = input.partition(partitionColumn.get(), context.runDate());
    }
    return new Read(input.read(), input.version(), input.label());
  }

  /** The latest version of {@code table}, resolved once per run. */
  static long requireVersion(JobContext<?> context, TableRef table) {
    return tableOf(context, table).version();
  }

  /** Drops the ingest bookkeeping columns ({@code _run_id}, {@code _ingested_at}, ...). */
  static Dataset<Row> withoutMetadata(Dataset<Row> rows) {
    Column[] kept =
        java.util.Arrays.stream(rows.columns())
            .filter(c -> !c.startsWith("_"))
            .map(c -> functions.col("`" + c.replace("`", "``") + "`"))
            .toArray(Column[]::new);
    return kept.length == 0 ? rows : rows.select(kept);
  }
}
