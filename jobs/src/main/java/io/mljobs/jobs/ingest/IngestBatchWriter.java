package io.mljobs.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.common.source.IngestColumns;
import io.mljobs.common.table.TableRef;
import java.io.Serializable;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Writes one micro-batch of any ingest source (files, Kafka): conform it, quarantine the rejects,
 * append the rest to bronze, and tally rows per source position (file, topic-partition). Both
 * writes are idempotent per (stream, batch id): after a crash, Structured Streaming replays the
 * same batch with the same id and the same input (files or offset range) from its checkpoint, and
 * Delta skips what is already committed, so every record lands exactly once.
 */
final class IngestBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;

  /** Set by Structured Streaming on the thread that runs the batch. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  /** Turns a raw micro-batch into conformed rows (see {@link Landing}). */
  @FunctionalInterface
  interface Conform extends Serializable {
    Dataset<Row> apply(Dataset<Row> batch);
  }

  /**
   * Where and how one source's conformed rows land.
   *
   * @param job the job's name, part of the Delta transaction id
   * @param source source name
   * @param schema the declared schema (bronze gets its columns first)
   * @param bronze bronze table
   * @param quarantine quarantine table
   * @param partitionBy bronze partition columns when the table is created
   * @param positionColumns conformed columns bronze keeps after the run columns
   * @param quarantinePosition the quarantine's {@code source_position}, over conformed columns
   * @param tallyBy conformed columns whose values, joined with '/', name a tally position
   */
  record Landing(
      String job,
      String source,
      DeclaredSchema schema,
      TableRef bronze,
      TableRef quarantine,
      List<String> partitionBy,
      List<String> positionColumns,
      Column quarantinePosition,
      List<String> tallyBy) {
    Landing {
      partitionBy = List.copyOf(partitionBy);
      positionColumns = List.copyOf(positionColumns);
      tallyBy = List.copyOf(tallyBy);
    }
  }

  private final transient JobContext<?> context;
  private final transient Landing landing;
  private final Conform conform;
  private final transient SourceTally tally;

  IngestBatchWriter(JobContext<?> context, Landing landing, Conform conform, SourceTally tally) {
    this.context = context;
    this.landing = landing;
    this.conform = conform;
    this.tally = tally;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    // The query id changes when a checkpoint is new, so a reset checkpoint never collides with
    // the transaction ids of an older one.
    String appId = "mljobs/" + landing.job() + "/" + landing.source() + "/" + queryId;
    Dataset<Row> conformed = conform.apply(batch).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // One job over the batch fills the cache and counts rows and rejects per source position;
      // the writes then read the cache, and an empty quarantine costs no job at all.
      TreeMap<String, Long> perPosition = new TreeMap<>();
      long rejects = 0;
      Column[] keys = landing.tallyBy().stream().map(c -> col(c)).toArray(Column[]::new);
      for (Row row :
          conformed
              .groupBy(keys)
              .agg(count(lit(1)), count(col(SchemaConformer.REASON)))
              .collectAsList()) {
        int width = keys.length;
        String position =
            IntStream.range(0, width)
                .mapToObj(i -> String.valueOf(row.get(i)))
                .collect(Collectors.joining("/"));
        perPosition.put(position, row.getLong(width));
        rejects += row.getLong(width + 1);
      }
      Long quarantined = 0L;
      if (rejects > 0) {
        quarantined =
            context
                .output(landing.quarantine())
                .append()
                .idempotent(appId, batchId)
                .execute(
                    IngestColumns.quarantine(
                        conformed, landing.source(), landing.quarantinePosition(), context.run()))
                .rows();
      }
      DeltaWriteResult loaded =
          context
              .output(landing.bronze())
              .append()
              .partitionBy(landing.partitionBy().toArray(String[]::new))
              .idempotent(appId, batchId)
              .execute(
                  IngestColumns.bronze(
                      conformed, landing.schema(), context.run(), landing.positionColumns()));
      tally.add(batchId, perPosition, loaded.rows(), quarantined, loaded.skipped());
    } finally {
      conformed.unpersist();
    }
  }
}
