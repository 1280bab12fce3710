package io.mljobs.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.common.source.IngestColumns;
import io.mljobs.common.table.TableRef;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Writes one micro-batch of any ingest source (files, Kafka): conform it, append the passing rows
 * to bronze, quarantine the rejects, and tally rows per source position (file, topic-partition),
 * reading the batch once in the usual case ({@link BatchTally}). Both writes are idempotent per
 * (stream, batch id): after a crash, Structured Streaming replays the same batch with the same id
 * and the same input (files or offset range) from its checkpoint, and Delta skips what is already
 * committed, so every record lands exactly once.
 */
public final class IngestBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;

  /** Set by Structured Streaming on the thread that runs the batch. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  /** Turns a raw micro-batch into conformed rows (see {@link Landing}). */
  @FunctionalInterface
  public interface Conform extends Serializable {
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
   * @param rowHash a 64-bit hash of each row's content as received (for per-position fingerprints),
   *     or a null literal
   */
  public record Landing(
      String job,
      String source,
      DeclaredSchema schema,
      TableRef bronze,
      TableRef quarantine,
      List<String> partitionBy,
      List<String> positionColumns,
      Column quarantinePosition,
      List<String> tallyBy,
      Column rowHash) {
    public Landing {
      partitionBy = List.copyOf(partitionBy);
      positionColumns = List.copyOf(positionColumns);
      tallyBy = List.copyOf(tallyBy);
    }
  }

  /** Config key (in an ingest job's section) of the reject text a batch keeps in memory. */
  public static final String REJECTS_IN_MEMORY_KEY = "rejects-in-memory";

  /**
   * Default of {@link #REJECTS_IN_MEMORY_KEY}: the demo's rejects are a few hundred characters
   * each, so tens of thousands of rejects per batch stay on the one-pass path.
   */
  public static final long DEFAULT_REJECTS_IN_MEMORY = 8L << 20;

  private final transient JobContext<?> context;
  private final transient Landing landing;
  private final Conform conform;
  private final transient SourceTally tally;
  private final long rejectsInMemory;
  private final double maxMalformedFraction;

  /**
   * @param rejectsInMemory the most reject text (raw records and reasons, in characters) a batch
   *     keeps in driver memory to write the quarantine without reading the batch again
   */
  public IngestBatchWriter(
      JobContext<?> context,
      Landing landing,
      Conform conform,
      SourceTally tally,
      long rejectsInMemory) {
    this(context, landing, conform, tally, rejectsInMemory, 1.0);
  }

  /**
   * @param maxMalformedFraction a position (file) with a larger share of malformed rows fails the
   *     batch before its bronze commit ({@link BatchTally}); 1 = never
   */
  public IngestBatchWriter(
      JobContext<?> context,
      Landing landing,
      Conform conform,
      SourceTally tally,
      long rejectsInMemory,
      double maxMalformedFraction) {
    this.context = context;
    this.landing = landing;
    this.conform = conform;
    this.tally = tally;
    this.rejectsInMemory = rejectsInMemory;
    this.maxMalformedFraction = maxMalformedFraction;
  }

  /**
   * Reads {@link #REJECTS_IN_MEMORY_KEY} from an ingest job's config section (0 = always read the
   * batch again for its rejects; a negative size is a config error).
   */
  public static long rejectsInMemory(Settings jobSection) {
    return jobSection.bytes(REJECTS_IN_MEMORY_KEY, DEFAULT_REJECTS_IN_MEMORY);
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    // The query id changes when a checkpoint is new, so a reset checkpoint never collides with
    // the transaction ids of an older one.
    String appId = "mljobs/" + landing.job() + "/" + landing.source() + "/" + queryId;
    write(batch, appId, batchId, null);
  }

  /**
   * Rows of earlier deliveries a batch replaces: the bronze and quarantine rows matching these SQL
   * predicates are removed in the same commits that add the batch's rows.
   */
  public record Replace(String bronzePredicate, String quarantinePredicate) {}

  /**
   * What one batch gave, per position key: all rows, rejected rows, malformed rows.
   *
   * @param alreadyCommitted true when bronze held the batch already (a replay)
   */
  public record BatchResult(
      Map<String, Long> rowsPerPosition,
      Map<String, Long> rejectsPerPosition,
      Map<String, Long> malformedPerPosition,
      Map<String, String> fingerprints,
      boolean alreadyCommitted) {}

  /**
   * Writes one batch, idempotently per ({@code appId}, {@code batchId}).
   *
   * @param replace earlier rows this batch replaces, or null to append
   */
  public BatchResult write(Dataset<Row> batch, String appId, long batchId, Replace replace) {
    BatchResult result = writeBronzeInOnePass(batch, appId, batchId, replace);
    return result != null ? result : writeFromCache(batch, appId, batchId, null, replace);
  }

  /**
   * The usual path: one pass over the batch writes bronze and, through its row filter, counts rows
   * per position and collects the rejects ({@link BatchTally}); the quarantine is then written from
   * those rejects (read again from the batch only when there were too many to keep in memory).
   *
   * @return null when bronze already held this batch (a replay after a crash between the two
   *     commits), so nothing was written or counted
   */
  private BatchResult writeBronzeInOnePass(
      Dataset<Row> batch, String appId, long batchId, Replace replace) {
    SparkSession spark = batch.sparkSession();
    Dataset<Row> conformed = conform.apply(batch);
    BatchTally counts = BatchTally.registered(spark, rejectsInMemory, maxMalformedFraction);
    Dataset<Row> passed =
        conformed
            .filter(
                counts.passedFilter(
                    positionKey(),
                    IngestColumns.rejectColumns(landing.quarantinePosition()),
                    landing.rowHash()))
            // The rows left have no reason. Said as a constant, so that bronze's own "no reason"
            // filter folds to true: were a batch's reason a constant (a batch of one CSV file
            // whose header does not fit), that filter would fold to false and Spark would prune
            // the whole read, this tally filter with it, and the file's rows would be neither
            // counted nor quarantined.
            .withColumn(SchemaConformer.REASON, lit(null).cast(DataTypes.StringType));
    DeltaWriteResult loaded = writeBronze(passed, appId, batchId, replace);
    if (loaded.skipped()) {
      return null;
    }
    if (loaded.rows() != null && loaded.rows() != counts.passed()) {
      // The tally disagrees with the commit (a stage ran twice, e.g. after a lost executor, and
      // added its rows twice): count and quarantine from a second read instead.
      return writeFromCache(batch, appId, batchId, loaded, replace);
    }
    Long quarantined = 0L;
    if (counts.rejects() > 0 || replace != null) {
      Dataset<Row> quarantineRows =
          counts.allRejectsKept()
              ? IngestColumns.quarantineOf(
                  spark.createDataFrame(counts.keptRejects(), IngestColumns.REJECT_SCHEMA),
                  landing.source(),
                  context.run())
              : IngestColumns.quarantine(
                  conform.apply(batch),
                  landing.source(),
                  landing.quarantinePosition(),
                  context.run());
      quarantined = writeQuarantine(quarantineRows, appId, batchId, replace);
    }
    tally.add(batchId, counts.rowsPerPosition(), loaded.rows(), quarantined, false);
    return new BatchResult(
        counts.rowsPerPosition(),
        counts.rejectsPerPosition(),
        counts.malformedPerPosition(),
        counts.fingerprints(),
        false);
  }

  /**
   * The replay path, for a batch whose bronze commit survived a crash: the quarantine may still be
   * missing. The batch is cached, counted per position, and both writes run idempotently (the one
   * already committed is skipped).
   *
   * @param bronzeWritten this attempt's bronze write when it already ran, else null
   */
  private BatchResult writeFromCache(
      Dataset<Row> batch,
      String appId,
      long batchId,
      DeltaWriteResult bronzeWritten,
      Replace replace) {
    Dataset<Row> conformed = conform.apply(batch).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      TreeMap<String, Long> perPosition = new TreeMap<>();
      TreeMap<String, Long> rejectsPerPosition = new TreeMap<>();
      TreeMap<String, Long> malformedPerPosition = new TreeMap<>();
      long rejects = 0;
      for (Row row :
          conformed
              .groupBy(positionKey().as("position"))
              .agg(
                  count(lit(1)),
                  count(col(SchemaConformer.REASON)),
                  count(when(col(SchemaConformer.RULE).equalTo(BatchTally.MALFORMED), lit(1))))
              .collectAsList()) {
        perPosition.put(row.getString(0), row.getLong(1));
        rejects += row.getLong(2);
        if (row.getLong(2) > 0) {
          rejectsPerPosition.put(row.getString(0), row.getLong(2));
        }
        if (row.getLong(3) > 0) {
          malformedPerPosition.put(row.getString(0), row.getLong(3));
        }
      }
      Long quarantined = 0L;
      if (rejects > 0 || replace != null) {
        quarantined =
            writeQuarantine(
                IngestColumns.quarantine(
                    conformed, landing.source(), landing.quarantinePosition(), context.run()),
                appId,
                batchId,
                replace);
      }
      DeltaWriteResult loaded =
          bronzeWritten != null ? bronzeWritten : writeBronze(conformed, appId, batchId, replace);
      tally.add(batchId, perPosition, loaded.rows(), quarantined, loaded.skipped());
      return new BatchResult(
          perPosition, rejectsPerPosition, malformedPerPosition, Map.of(), loaded.skipped());
    } finally {
      conformed.unpersist();
    }
  }

  /** Appends the passing rows of {@code conformed} to bronze, once per (stream, batch). */
  private DeltaWriteResult writeBronze(
      Dataset<Row> conformed, String appId, long batchId, Replace replace) {
    DeltaOutput output = context.output(landing.bronze());
    output = replace == null ? output.append() : output.replaceWhere(replace.bronzePredicate());
    return output
        .partitionBy(landing.partitionBy().toArray(String[]::new))
        .idempotent(appId, batchId)
        .execute(
            IngestColumns.bronze(
                conformed, landing.schema(), context.run(), landing.positionColumns()));
  }

  /** Appends quarantine rows, once per (stream, batch); returns the rows written. */
  private Long writeQuarantine(
      Dataset<Row> quarantineRows, String appId, long batchId, Replace replace) {
    DeltaOutput output = context.output(landing.quarantine());
    output = replace == null ? output.append() : output.replaceWhere(replace.quarantinePredicate());
    return output.idempotent(appId, batchId).execute(quarantineRows).rows();
  }

  /** A tally position: the {@link Landing#tallyBy()} values joined with '/'. */
  private Column positionKey() {
    return concat_ws(
        "/", landing.tallyBy().stream().map(c -> col(c).cast("string")).toArray(Column[]::new));
  }
}
