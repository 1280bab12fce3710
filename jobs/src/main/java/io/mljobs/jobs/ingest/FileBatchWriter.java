package io.mljobs.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.common.source.FileSourceSpec;
import io.mljobs.common.source.IngestColumns;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Writes one micro-batch of a file source: conform, quarantine the rejects, append the rest to
 * bronze. Both writes are idempotent per (stream, batch id): after a crash, Structured Streaming
 * replays the same batch with the same id from its checkpoint and Delta skips what is already
 * committed, so every file is loaded exactly once.
 */
final class FileBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
  static final String SOURCE_FILE = "_source_file";
  static final String CORRUPT = "_corrupt_record";
  private static final long serialVersionUID = 1L;

  /** Set by Structured Streaming on the thread that runs the batch. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final transient JobContext<?> context;
  private final FileSourceSpec source;
  private final transient SourceTally tally;

  FileBatchWriter(JobContext<?> context, FileSourceSpec source, SourceTally tally) {
    this.context = context;
    this.source = source;
    this.tally = tally;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    // The query id changes when a checkpoint is new, so a reset checkpoint never collides with
    // the transaction ids of an older one.
    String appId = "mljobs/ingest-files/" + source.name() + "/" + queryId;
    Dataset<Row> conformed =
        SchemaConformer.conform(batch, source.schema(), source.isText() ? CORRUPT : null)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> rejected =
          IngestColumns.quarantine(conformed, source.name(), col(SOURCE_FILE), context.run());
      Long quarantined = 0L;
      if (!rejected.isEmpty()) {
        quarantined =
            context
                .output(source.quarantine())
                .append()
                .idempotent(appId, batchId)
                .execute(rejected)
                .rows();
      }
      DeltaWriteResult loaded =
          context
              .output(source.bronze())
              .append()
              .partitionBy(source.partitionBy().toArray(String[]::new))
              .idempotent(appId, batchId)
              .execute(
                  IngestColumns.bronze(
                      conformed, source.schema(), context.run(), List.of(SOURCE_FILE)));
      TreeMap<String, Long> perFile = new TreeMap<>();
      for (Row row : conformed.groupBy(SOURCE_FILE).count().collectAsList()) {
        perFile.put(row.getString(0), row.getLong(1));
      }
      tally.add(batchId, perFile, loaded.rows(), quarantined, loaded.skipped());
    } finally {
      conformed.unpersist();
    }
  }
}
