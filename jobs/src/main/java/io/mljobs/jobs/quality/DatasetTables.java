package io.mljobs.jobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobFailure;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.table.TableRef;
import io.mljobs.quality.DatasetSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("dataset", dataset.name());
    return read(context, dataset.table(), dataset.partitionColumn(), details);
  }

  /** The rows of {@code table} (the run date's partition of {@code partitionColumn}, if given). */
  static Read read(
      JobContext<?> context,
      TableRef table,
      Optional<String> partitionColumn,
      Map<String, Object> details) {
    SparkSession spark = context.spark();
    String path = context.pathOf(table);
    long version = requireVersion(spark, table, path);
    Dataset<Row> data = spark.read().format("delta").option("versionAsOf", version).load(path);
    String label = table + " version " + version;
    Map<String, Object> recorded = new LinkedHashMap<>(details);
    if (partitionColumn.isPresent()) {
      String column = partitionColumn.get();
      data = data.where(col("`" + column + "`").equalTo(lit(context.runDate().toString())));
      label += " (" + column + " = " + context.runDate() + ")";
      recorded.put("partition", column + " = " + context.runDate());
    }
    context.input(new InputRecord(table.toString(), "delta", path, version, recorded));
    return new Read(data, version, label);
  }

  static long requireVersion(SparkSession spark, TableRef table, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw new JobFailure(
          "Table "
              + table
              + " does not exist at "
              + path
              + ". Run the job that writes it first (e.g. ingest-files), or fix the dataset's"
              + " table key.");
    }
    return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
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
