package io.mljobs.jobs.score;

import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.table.TableRef;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The read edge of the scoring jobs: a Delta table at its latest version, recorded in the manifest
 * (through {@link JobContext#input(TableRef)}).
 */
final class TableReads {
  private TableReads() {}

  /** The table's rows at its latest version, or empty when the table does not exist. */
  static Optional<Dataset<Row>> latest(JobContext<?> context, TableRef table) {
    DeltaInput input = context.input(table).latest();
    return input.exists() ? Optional.of(input.read()) : Optional.empty();
  }
}
