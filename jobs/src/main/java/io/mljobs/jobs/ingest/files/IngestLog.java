package io.mljobs.jobs.ingest.files;

import io.delta.tables.DeltaTable;
import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.table.TableRef;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The processed-files log of one file source, a Delta table ({@code ingest_log.<source>}): one row
 * per file and batch, written twice per batch. Before the batch's data is written, its files are
 * logged as {@code planned}; after bronze and quarantine are committed, as {@code loaded}, with the
 * rows each file gave. A file is processed once a {@code loaded} row names it with its size and
 * modification time.
 *
 * <p>Exactly once: bronze and quarantine writes of batch N carry the Delta transaction id ({@link
 * #appId()}, N). A run that finds a planned batch without its {@code loaded} rows (a crash, or a
 * failure) checks whether bronze or quarantine committed it: if so the batch is replayed with
 * exactly the planned files (the committed write is skipped, the missing one written); if not,
 * nothing of it landed and its files are planned again under a new batch id.
 */
final class IngestLog {
  static final String PLANNED = "planned";
  static final String LOADED = "loaded";

  static final StructType SCHEMA =
      StructType.fromDDL(
          "log_id STRING, batch_id BIGINT, state STRING, path STRING, file STRING, size BIGINT,"
              + " modified TIMESTAMP, action STRING, rows BIGINT, rows_quarantined BIGINT,"
              + " fingerprint STRING, run_id STRING, logged_at TIMESTAMP");

  /** A file of a batch, with what the batch does with it. */
  record BatchFile(FileListing.ListedFile file, String action) {}

  /** A file as its last {@code loaded} row left it. */
  record LoadedFile(
      String uri,
      String relative,
      long size,
      long modified,
      long batchId,
      String runId,
      String fingerprint) {}

  private final JobContext<?> context;
  private final TableRef table;
  private final String logId;
  private final String appId;
  private final Map<String, LoadedFile> loaded;
  private final long lastBatchId;
  private final List<BatchFile> pending;
  private final long pendingBatchId;

  private IngestLog(
      JobContext<?> context,
      TableRef table,
      String source,
      String logId,
      Map<String, LoadedFile> loaded,
      long lastBatchId,
      List<BatchFile> pending,
      long pendingBatchId) {
    this.context = context;
    this.table = table;
    this.logId = logId;
    this.appId = "mljobs/" + IngestFilesJob.NAME + "/" + source + "/" + logId;
    this.loaded = loaded;
    this.lastBatchId = lastBatchId;
    this.pending = pending;
    this.pendingBatchId = pendingBatchId;
  }

  /** Reads the log (one small collect); an absent log is a new, empty one. */
  static IngestLog open(JobContext<?> context, String source, TableRef table) {
    SparkSession spark = context.spark();
    String path = context.pathOf(table);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      Map<String, LoadedFile> earlier = StreamingCheckpoint.loadedFiles(context, source);
      IngestLog log =
          new IngestLog(
              context, table, source, UUID.randomUUID().toString(), earlier, -1, List.of(), -1);
      if (!earlier.isEmpty()) {
        // Logged at once (as batch -1), so they stay known once the log exists.
        List<BatchFile> files = new ArrayList<>();
        for (LoadedFile f : earlier.values()) {
          files.add(
              new BatchFile(
                  new FileListing.ListedFile(
                      f.uri(),
                      new org.apache.hadoop.fs.Path(java.net.URI.create(f.uri())).toString(),
                      f.relative(),
                      -1,
                      f.modified()),
                  "checkpoint"));
        }
        log.write(LOADED, -1, files, Map.of(), Map.of(), Map.of());
      }
      return log;
    }
    List<Row> rows =
        spark
            .read()
            .format("delta")
            .load(path)
            .select(
                "log_id",
                "batch_id",
                "state",
                "path",
                "file",
                "size",
                "modified",
                "action",
                "fingerprint",
                "run_id")
            .collectAsList();
    String logId = rows.isEmpty() ? UUID.randomUUID().toString() : rows.get(0).getString(0);
    Map<String, LoadedFile> loaded = new HashMap<>();
    long lastLoaded = -1;
    long lastPlanned = -1;
    for (Row r : rows) {
      long batch = r.getLong(1);
      if (LOADED.equals(r.getString(2))) {
        lastLoaded = Math.max(lastLoaded, batch);
        LoadedFile before = loaded.get(r.getString(3));
        if (before == null || before.batchId() < batch) {
          loaded.put(
              r.getString(3),
              new LoadedFile(
                  r.getString(3),
                  r.getString(4),
                  r.getLong(5),
                  r.getTimestamp(6).getTime(),
                  batch,
                  r.getString(9),
                  r.getString(8)));
        }
      } else {
        lastPlanned = Math.max(lastPlanned, batch);
      }
    }
    List<BatchFile> pending = new ArrayList<>();
    if (lastPlanned > lastLoaded) {
      for (Row r : rows) {
        if (r.getLong(1) == lastPlanned && PLANNED.equals(r.getString(2))) {
          pending.add(
              new BatchFile(
                  new FileListing.ListedFile(
                      r.getString(3),
                      new org.apache.hadoop.fs.Path(java.net.URI.create(r.getString(3))).toString(),
                      r.getString(4),
                      r.getLong(5),
                      r.getTimestamp(6).getTime()),
                  r.getString(7)));
        }
      }
    }
    return new IngestLog(
        context,
        table,
        source,
        logId,
        loaded,
        Math.max(lastLoaded, lastPlanned),
        pending,
        pending.isEmpty() ? -1 : lastPlanned);
  }

  /** The Delta transaction app id of this source's bronze and quarantine writes. */
  String appId() {
    return appId;
  }

  /** Files loaded so far, by URI (their latest delivery). */
  Map<String, LoadedFile> loaded() {
    return loaded;
  }

  /** The id the next new batch gets. */
  long nextBatchId() {
    return lastBatchId + 1;
  }

  /**
   * The batch a crash (or failure) left planned but not logged as loaded, when bronze or quarantine
   * already committed part of it: it must be replayed with exactly these files. Empty when there is
   * none, or when nothing of it was committed (then its files are simply planned again).
   */
  Optional<List<BatchFile>> batchToReplay(String bronzePath, String quarantinePath) {
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    SparkSession spark = context.spark();
    boolean committed =
        committedVersion(spark, bronzePath) >= pendingBatchId
            || committedVersion(spark, quarantinePath) >= pendingBatchId;
    return committed ? Optional.of(pending) : Optional.empty();
  }

  long pendingBatchId() {
    return pendingBatchId;
  }

  /** The highest transaction version this log's app id committed to a table, or -1. */
  private long committedVersion(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return -1;
    }
    Option<Object> version =
        DeltaLog.forTable(spark, path)
            .update(false, Option.empty(), Option.empty())
            .transactions()
            .get(appId);
    return version.isDefined() ? (Long) version.get() : -1;
  }

  /** Logs a batch's files as planned, before any of its data is written. */
  void planned(long batchId, List<BatchFile> files) {
    write(PLANNED, batchId, files, Map.of(), Map.of(), Map.of());
  }

  /** Logs a batch's files as loaded, with the rows each gave. */
  void loaded(
      long batchId,
      List<BatchFile> files,
      Map<String, Long> rowsPerFile,
      Map<String, Long> rejectsPerFile,
      Map<String, String> fingerprints) {
    write(LOADED, batchId, files, rowsPerFile, rejectsPerFile, fingerprints);
  }

  private void write(
      String state,
      long batchId,
      List<BatchFile> files,
      Map<String, Long> rowsPerFile,
      Map<String, Long> rejectsPerFile,
      Map<String, String> fingerprints) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<Row> rows = new ArrayList<>();
    for (BatchFile f : files) {
      String uri = f.file().uri();
      rows.add(
          RowFactory.create(
              logId,
              batchId,
              state,
              uri,
              f.file().relative(),
              f.file().size(),
              new Timestamp(f.file().modified()),
              f.action(),
              state.equals(LOADED) ? rowsPerFile.getOrDefault(uri, 0L) : null,
              state.equals(LOADED) ? rejectsPerFile.getOrDefault(uri, 0L) : null,
              fingerprints.get(uri),
              context.runId(),
              now));
    }
    // Bookkeeping, like a checkpoint: committed as this run (user metadata, table policy) but not
    // listed among the run's outputs.
    DeltaOutput.to(context.pathOf(table))
        .named(table.toString())
        .userMetadata(context.run().commitMetadata())
        .policy(context.runtime().tables().of(table))
        .append()
        // Batch -1 (files imported from an old checkpoint) has a transaction id of its own.
        .idempotent(batchId < 0 ? appId + "/import" : appId + "/" + state, Math.max(batchId, 0))
        .execute(context.spark().createDataFrame(rows, SCHEMA).coalesce(1));
  }
}
