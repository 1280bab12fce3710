package io.mljobs.common.delta;

import io.delta.tables.DeltaTable;
import io.mljobs.common.manifest.ManifestJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/**
 * The one way mljobs writes Delta tables: an immutable builder whose every step returns a new
 * builder, ended by {@link #execute}.
 *
 * <pre>{@code
 * DeltaWriteResult r = DeltaOutput.to(path).named("bronze.customers")
 *     .mergeOn("customer_id")
 *     .idempotent("mljobs:ingest-jdbc_2026-11-26", 0)
 *     .userMetadata(Map.of("run_id", runId))
 *     .execute(rows);
 * }</pre>
 *
 * <p>Idempotency: with {@link #idempotent}, the commit carries Delta's transaction identifier
 * ({@code txnAppId}/{@code txnVersion}); a second execute with the same pair finds it in the
 * table's snapshot and writes nothing, reporting {@code skipped}. Every commit also carries the
 * user metadata (run id, job, date) so {@code DESCRIBE HISTORY} names the run that made it.
 */
public final class DeltaOutput {
  /** How rows land in the table. */
  public enum Mode {
    APPEND,
    OVERWRITE,
    REPLACE_WHERE,
    MERGE;

    String kebab() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private static final String TXN_APP_ID_CONF = "spark.databricks.delta.write.txnAppId";
  private static final String TXN_VERSION_CONF = "spark.databricks.delta.write.txnVersion";
  private static final String USER_METADATA_CONF = "spark.databricks.delta.commitInfo.userMetadata";
  private static final String AUTO_MERGE_CONF = "spark.databricks.delta.schema.autoMerge.enabled";
  private static final int HISTORY_DEPTH = 50;

  private final String path;
  private final String name;
  private final Mode mode;
  private final String predicate;
  private final List<String> keys;
  private final List<String> partitionColumns;
  private final String txnAppId;
  private final long txnVersion;
  private final Map<String, Object> userMetadata;
  private final boolean mergeSchema;
  private final Consumer<DeltaWriteResult> onCommit;

  private DeltaOutput(
      String path,
      String name,
      Mode mode,
      String predicate,
      List<String> keys,
      List<String> partitionColumns,
      String txnAppId,
      long txnVersion,
      Map<String, Object> userMetadata,
      boolean mergeSchema,
      Consumer<DeltaWriteResult> onCommit) {
    this.path = path;
    this.name = name;
    this.mode = mode;
    this.predicate = predicate;
    this.keys = List.copyOf(keys);
    this.partitionColumns = List.copyOf(partitionColumns);
    this.txnAppId = txnAppId;
    this.txnVersion = txnVersion;
    this.userMetadata = Map.copyOf(userMetadata);
    this.mergeSchema = mergeSchema;
    this.onCommit = onCommit;
  }

  /** A writer to the Delta table at {@code path}, appending by default. */
  public static DeltaOutput to(String path) {
    Objects.requireNonNull(path, "path");
    return new DeltaOutput(
        path, path, Mode.APPEND, null, List.of(), List.of(), null, 0, Map.of(), false, r -> {});
  }

  private DeltaOutput with(
      String name,
      Mode mode,
      String predicate,
      List<String> keys,
      List<String> partitionColumns,
      String txnAppId,
      long txnVersion,
      Map<String, Object> userMetadata,
      boolean mergeSchema,
      Consumer<DeltaWriteResult> onCommit) {
    return new DeltaOutput(
        path,
        name,
        mode,
        predicate,
        keys,
        partitionColumns,
        txnAppId,
        txnVersion,
        userMetadata,
        mergeSchema,
        onCommit);
  }

  /** The logical name shown in results and manifests. */
  public DeltaOutput named(String logicalName) {
    return with(
        logicalName,
        mode,
        predicate,
        keys,
        partitionColumns,
        txnAppId,
        txnVersion,
        userMetadata,
        mergeSchema,
        onCommit);
  }

  /** Adds rows. */
  public DeltaOutput append() {
    return with(
        name,
        Mode.APPEND,
        null,
        List.of(),
        partitionColumns,
        txnAppId,
        txnVersion,
        userMetadata,
        mergeSchema,
        onCommit);
  }

  /** Replaces the whole table. */
  public DeltaOutput overwrite() {
    return with(
        name,
        Mode.OVERWRITE,
        null,
        List.of(),
        partitionColumns,
        txnAppId,
        txnVersion,
        userMetadata,
        mergeSchema,
        onCommit);
  }

  /**
   * Atomically replaces the rows matching {@code sqlPredicate} (e.g. {@code event_date =
   * '2026-11-26'}); every written row must match it.
   */
  public DeltaOutput replaceWhere(String sqlPredicate) {
    Objects.requireNonNull(sqlPredicate, "sqlPredicate");
    return with(
        name,
        Mode.REPLACE_WHERE,
        sqlPredicate,
        List.of(),
        partitionColumns,
        txnAppId,
        txnVersion,
        userMetadata,
        mergeSchema,
        onCommit);
  }

  /** Upserts on {@code keyColumns}: matching rows are updated, others inserted. */
  public DeltaOutput mergeOn(String... keyColumns) {
    if (keyColumns.length == 0) {
      throw new IllegalArgumentException("mergeOn needs at least one key column");
    }
    return with(
        name,
        Mode.MERGE,
        null,
        Arrays.asList(keyColumns),
        partitionColumns,
        txnAppId,
        txnVersion,
        userMetadata,
        mergeSchema,
        onCommit);
  }

  /** Partition columns used when the write creates the table. */
  public DeltaOutput partitionBy(String... columns) {
    return with(
        name,
        mode,
        predicate,
        keys,
        Arrays.asList(columns),
        txnAppId,
        txnVersion,
        userMetadata,
        mergeSchema,
        onCommit);
  }

  /**
   * Makes the write idempotent: a write with the same {@code appId} and a {@code version} not above
   * one already committed to this table is skipped.
   */
  public DeltaOutput idempotent(String appId, long version) {
    Objects.requireNonNull(appId, "appId");
    return with(
        name,
        mode,
        predicate,
        keys,
        partitionColumns,
        appId,
        version,
        userMetadata,
        mergeSchema,
        onCommit);
  }

  /** Commit user metadata (stored as JSON in the commit info). */
  public DeltaOutput userMetadata(Map<String, ?> metadata) {
    return with(
        name,
        mode,
        predicate,
        keys,
        partitionColumns,
        txnAppId,
        txnVersion,
        Map.copyOf(metadata),
        mergeSchema,
        onCommit);
  }

  /** Allows additive schema changes (new columns). */
  public DeltaOutput mergeSchema() {
    return with(
        name,
        mode,
        predicate,
        keys,
        partitionColumns,
        txnAppId,
        txnVersion,
        userMetadata,
        true,
        onCommit);
  }

  /** Called with the result of every execute (skipped ones too); used to fill the manifest. */
  public DeltaOutput onCommit(Consumer<DeltaWriteResult> listener) {
    Objects.requireNonNull(listener, "listener");
    return with(
        name,
        mode,
        predicate,
        keys,
        partitionColumns,
        txnAppId,
        txnVersion,
        userMetadata,
        mergeSchema,
        listener);
  }

  /** Writes {@code data} and returns the committed version. */
  public DeltaWriteResult execute(Dataset<Row> data) {
    SparkSession spark = data.sparkSession();
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    DeltaWriteResult result;
    if (exists && alreadyCommitted(spark)) {
      result = skipped(spark);
    } else if (mode == Mode.MERGE && exists) {
      merge(spark, data);
      result = committed(spark);
    } else {
      write(data, exists);
      result = committed(spark);
    }
    onCommit.accept(result);
    return result;
  }

  private boolean alreadyCommitted(SparkSession spark) {
    if (txnAppId == null) {
      return false;
    }
    DeltaLog log = DeltaLog.forTable(spark, path);
    Option<Object> done =
        log.update(false, Option.empty(), Option.empty()).transactions().get(txnAppId);
    return done.isDefined() && ((Long) done.get()) >= txnVersion;
  }

  private void write(Dataset<Row> data, boolean exists) {
    var writer = data.write().format("delta");
    // A merge into a table that does not exist yet creates it with a plain append.
    writer =
        writer.mode(mode == Mode.OVERWRITE || mode == Mode.REPLACE_WHERE ? "overwrite" : "append");
    if (mode == Mode.REPLACE_WHERE) {
      writer = writer.option("replaceWhere", predicate);
    }
    if (!exists && !partitionColumns.isEmpty()) {
      writer = writer.partitionBy(partitionColumns.toArray(String[]::new));
    }
    if (txnAppId != null) {
      writer = writer.option("txnAppId", txnAppId).option("txnVersion", txnVersion);
    }
    if (mergeSchema) {
      writer = writer.option("mergeSchema", "true");
    }
    writer.option("userMetadata", metadataJson()).save(path);
  }

  private void merge(SparkSession spark, Dataset<Row> data) {
    String condition =
        keys.stream()
            .map(k -> "t.`" + k + "` <=> s.`" + k + "`")
            .collect(Collectors.joining(" AND "));
    // MERGE takes its transaction id and commit metadata from session settings; set them for
    // this one command only (jobs run one write at a time).
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(USER_METADATA_CONF, metadataJson());
    if (txnAppId != null) {
      conf.put(TXN_APP_ID_CONF, txnAppId);
      conf.put(TXN_VERSION_CONF, Long.toString(txnVersion));
    }
    if (mergeSchema) {
      conf.put(AUTO_MERGE_CONF, "true");
    }
    Map<String, String> previous = new LinkedHashMap<>();
    conf.keySet().forEach(k -> previous.put(k, spark.conf().get(k, null)));
    try {
      conf.forEach((k, v) -> spark.conf().set(k, v));
      DeltaTable.forPath(spark, path)
          .as("t")
          .merge(data.as("s"), condition)
          .whenMatched()
          .updateAll()
          .whenNotMatched()
          .insertAll()
          .execute();
    } finally {
      previous.forEach(
          (k, v) -> {
            if (v == null) {
              spark.conf().unset(k);
            } else {
              spark.conf().set(k, v);
            }
          });
    }
  }

  private String metadataJson() {
    Map<String, Object> metadata = new LinkedHashMap<>(userMetadata);
    if (txnAppId != null) {
      metadata.put("write_id", writeId());
    }
    return ManifestJson.compact(metadata);
  }

  private String writeId() {
    return txnAppId + "#" + txnVersion;
  }

  private DeltaWriteResult committed(SparkSession spark) {
    List<Row> history = recentHistory(spark);
    Row commit = history.get(0);
    if (txnAppId != null) {
      commit = history.stream().filter(this::isOurs).findFirst().orElse(commit);
    }
    Map<String, String> metrics = metrics(commit);
    return new DeltaWriteResult(
        name, path, mode.kebab(), commit.getLong(0), rows(metrics), false, metrics);
  }

  private DeltaWriteResult skipped(SparkSession spark) {
    Row earlier = recentHistory(spark).stream().filter(this::isOurs).findFirst().orElse(null);
    Long version = earlier == null ? null : earlier.getLong(0);
    Map<String, String> metrics = earlier == null ? Map.of() : metrics(earlier);
    return new DeltaWriteResult(name, path, mode.kebab(), version, null, true, metrics);
  }

  private List<Row> recentHistory(SparkSession spark) {
    return new ArrayList<>(
        DeltaTable.forPath(spark, path)
            .history(HISTORY_DEPTH)
            .select("version", "userMetadata", "operationMetrics")
            .orderBy(org.apache.spark.sql.functions.col("version").desc())
            .collectAsList());
  }

  private boolean isOurs(Row commit) {
    String metadata = commit.isNullAt(1) ? "" : commit.getString(1);
    return metadata.contains("\"write_id\":\"" + writeId() + "\"");
  }

  private static Map<String, String> metrics(Row commit) {
    if (commit.isNullAt(2)) {
      return Map.of();
    }
    return new java.util.TreeMap<>(commit.getJavaMap(2));
  }

  private Long rows(Map<String, String> metrics) {
    if (mode == Mode.MERGE && metrics.containsKey("numTargetRowsInserted")) {
      return Long.parseLong(metrics.get("numTargetRowsInserted"))
          + Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"));
    }
    String written = metrics.get("numOutputRows");
    return written == null ? null : Long.parseLong(written);
  }
}
