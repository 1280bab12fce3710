package io.mljobs.jobs.score;

import io.delta.tables.DeltaTable;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.table.TableRef;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The read edge of the scoring jobs: a Delta table at its latest version, recorded in the manifest.
 * The one place to swap for {@code context.input(table).latest().read()} (issue 14) once it lands.
 */
final class TableReads {
  private TableReads() {}

  /** The table's rows at its latest version, or empty when the table does not exist. */
  static Optional<Dataset<Row>> latest(JobContext<?> context, TableRef table) {
    String path = context.pathOf(table);
    if (!DeltaTable.isDeltaTable(context.spark(), path)) {
      return Optional.empty();
    }
    long version =
        DeltaTable.forPath(context.spark(), path).history(1).select("version").first().getLong(0);
    context.input(new InputRecord(table.toString(), "delta", path, version, Map.of()));
    return Optional.of(
        context.spark().read().format("delta").option("versionAsOf", version).load(path));
  }
}
