package io.mljobs.common.delta;

import io.delta.tables.DeltaTable;
import io.mljobs.common.error.Failures;
import io.mljobs.common.manifest.ManifestJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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
 * ({@code txnAppId}/{@code txnVersion}); Delta skips a second write with the same pair (it finds it
 * in the table's snapshot), and the result reports {@code skipped}: no commit carrying the write's
 * id is newer than the version before it. Every commit also carries the user metadata (run id, job,
 * date) so {@code DESCRIBE HISTORY} names the run that made it.
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

  /** Tries of a write that conflicts with another writer: about 8 s of pauses in all. */
  public static final int DEFAULT_CONFLICT_TRIES = 6;

  // Not final so that each builder step can change one field of a fresh copy; a DeltaOutput is
  // never changed after a step returns it.
  private final String path;
  private String name;
  private Mode mode = Mode.APPEND;
  private String predicate;
  private List<String> keys = List.of();
  private List<String> partitionColumns = List.of();
  private String txnAppId;
  private long txnVersion;
  private Map<String, Object> userMetadata = Map.of();
  private boolean mergeSchema;
  private TablePolicy policy;
  private Consumer<DeltaWriteResult> onCommit = r -> {};
  private int conflictTries = DEFAULT_CONFLICT_TRIES;

  private DeltaOutput(String path) {
    this.path = path;
    this.name = path;
  }

  private DeltaOutput copy() {
    DeltaOutput copy = new DeltaOutput(path);
    copy.name = name;
    copy.mode = mode;
    copy.predicate = predicate;
    copy.keys = keys;
    copy.partitionColumns = partitionColumns;
    copy.txnAppId = txnAppId;
    copy.txnVersion = txnVersion;
    copy.userMetadata = userMetadata;
    copy.mergeSchema = mergeSchema;
    copy.policy = policy;
    copy.onCommit = onCommit;
    copy.conflictTries = conflictTries;
    return copy;
  }

  /** A writer to the Delta table at {@code path}, appending by default. */
  public static DeltaOutput to(String path) {
    return new DeltaOutput(Objects.requireNonNull(path, "path"));
  }

  /** The logical name shown in results and manifests. */
  public DeltaOutput named(String logicalName) {
    DeltaOutput next = copy();
    next.name = Objects.requireNonNull(logicalName, "logicalName");
    return next;
  }

  /** Adds rows. */
  public DeltaOutput append() {
    return withMode(Mode.APPEND, null, List.of());
  }

  /** Replaces the whole table. */
  public DeltaOutput overwrite() {
    return withMode(Mode.OVERWRITE, null, List.of());
  }

  /**
   * Atomically replaces the rows matching {@code sqlPredicate} (e.g. {@code event_date =
   * '2026-11-26'}); every written row must match it.
   */
  public DeltaOutput replaceWhere(String sqlPredicate) {
    return withMode(
        Mode.REPLACE_WHERE, Objects.requireNonNull(sqlPredicate, "sqlPredicate"), List.of());
  }

  /** Upserts on {@code keyColumns}: matching rows are updated, others inserted. */
  public DeltaOutput mergeOn(String... keyColumns) {
    if (keyColumns.length == 0) {
      throw new IllegalArgumentException("mergeOn needs at least one key column");
    }
    return withMode(Mode.MERGE, null, List.of(keyColumns));
  }

  private DeltaOutput withMode(Mode newMode, String newPredicate, List<String> newKeys) {
    DeltaOutput next = copy();
    next.mode = newMode;
    next.predicate = newPredicate;
    next.keys = newKeys;
    return next;
  }

  /** Partition columns used when the write creates the table. */
  public DeltaOutput partitionBy(String... columns) {
    DeltaOutput next = copy();
    next.partitionColumns = List.of(columns);
    return next;
  }

  /**
   * Makes the write idempotent: a write with the same {@code appId} and a {@code version} not above
   * one already committed to this table is skipped.
   */
  public DeltaOutput idempotent(String appId, long version) {
    DeltaOutput next = copy();
    next.txnAppId = Objects.requireNonNull(appId, "appId");
    next.txnVersion = version;
    return next;
  }

  /** Commit user metadata (stored as JSON in the commit info). */
  public DeltaOutput userMetadata(Map<String, ?> metadata) {
    DeltaOutput next = copy();
    next.userMetadata = Map.copyOf(metadata);
    return next;
  }

  /** Allows additive schema changes (new columns). */
  public DeltaOutput mergeSchema() {
    DeltaOutput next = copy();
    next.mergeSchema = true;
    return next;
  }

  /**
   * Applies a table policy: a new table is created with the policy's properties (retention, change
   * data feed; no extra commit), and the rows' schema is checked against an existing table's by
   * {@link SchemaPolicy} (new columns added when the policy is additive, breaking changes rejected
   * naming the columns).
   */
  public DeltaOutput policy(TablePolicy tablePolicy) {
    DeltaOutput next = copy();
    next.policy = Objects.requireNonNull(tablePolicy, "tablePolicy");
    return next;
  }

  /** Called with the result of every execute (skipped ones too); used to fill the manifest. */
  public DeltaOutput onCommit(Consumer<DeltaWriteResult> listener) {
    DeltaOutput next = copy();
    next.onCommit = Objects.requireNonNull(listener, "listener");
    return next;
  }

  /**
   * How many times a write that lost a race with another writer of the same table is tried in all
   * (1 = no retry). Each try starts afresh (the table is read again, so an idempotent write that
   * the other writer already committed is then skipped).
   */
  public DeltaOutput conflictTries(int tries) {
    if (tries < 1) {
      throw new IllegalArgumentException("conflictTries must be at least 1: " + tries);
    }
    DeltaOutput next = copy();
    next.conflictTries = tries;
    return next;
  }

  /**
   * Writes {@code data} and returns the committed version. A commit that conflicts with another
   * writer's (Delta's {@code DeltaConcurrentModificationException}: two runs creating the same
   * table, overwriting the same partition, committing the same transaction id) commits nothing, so
   * it is tried again after a growing pause, up to {@link #conflictTries} times; then it fails with
   * a {@link ConcurrentWriteFailure} naming the run that holds the table.
   */
  public DeltaWriteResult execute(Dataset<Row> data) {
    for (int attempt = 1; ; attempt++) {
      try {
        return executeOnce(data);
      } catch (RuntimeException e) {
        DeltaConcurrentModificationException conflict =
            Failures.innermost(e, DeltaConcurrentModificationException.class);
        if (conflict == null) {
          throw e;
        }
        if (attempt >= conflictTries) {
          throw new ConcurrentWriteFailure(
              ConcurrentWriteFailure.message(name, lastWriter(data.sparkSession()), attempt), e);
        }
        pause(attempt);
      }
    }
  }

  /** Sleeps before try {@code attempt + 1}: 250 ms doubling, capped at 4 s, with jitter. */
  private void pause(int attempt) {
    long base = Math.min(4_000L, 250L << Math.min(attempt - 1, 4));
    long millis = base / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(base);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to retry a write to " + name);
    }
  }

  /** The user metadata of the table's latest commit (who won the race), or an empty map. */
  private Map<String, String> lastWriter(SparkSession spark) {
    try {
      String metadata =
          CommitLog.of(spark, path).newestFirst(0, 1).stream()
              .findFirst()
              .map(CommitLog.Commit::userMetadata)
              .orElse(null);
      return metadata == null ? Map.of() : CommitMetadata.parse(metadata);
    } catch (RuntimeException e) {
      return Map.of(); // the message then says "another run" without naming it
    }
  }

  private DeltaWriteResult executeOnce(Dataset<Row> data) {
    SparkSession spark = data.sparkSession();
    boolean exists = DeltaTable.isDeltaTable(spark, path);
    // Delta itself skips a write whose transaction id (txnAppId, txnVersion) the table has already
    // committed; whether it did is read from the history: a commit carrying this write's id newer
    // than the version before the write is this write's own.
    long before = exists ? latestVersion(spark) : -1L;
    DeltaOutput effective = withPolicy(spark, data, exists);
    if (mode == Mode.MERGE && exists) {
      effective.merge(spark, data);
    } else {
      effective.write(data, exists);
    }
    DeltaWriteResult result = outcome(spark, before);
    onCommit.accept(result);
    return result;
  }

  /** The table's newest version, from its log on the driver (no Spark job). */
  private long latestVersion(SparkSession spark) {
    return CommitLog.of(spark, path).latestVersion().orElse(-1L);
  }

  /** This output with mergeSchema turned on when the policy allows the rows' new columns. */
  private DeltaOutput withPolicy(SparkSession spark, Dataset<Row> data, boolean exists) {
    if (policy == null || !exists) {
      return this;
    }
    StructType existing = DeltaTable.forPath(spark, path).toDF().schema();
    // Appends and merges fill missing columns with nulls; only a full overwrite drops them.
    StructType incoming = data.schema();
    if (mode != Mode.OVERWRITE) {
      for (StructField f : existing.fields()) {
        if (!java.util.Arrays.asList(incoming.fieldNames()).contains(f.name())) {
          incoming = incoming.add(f);
        }
      }
    }
    List<String> added = SchemaPolicy.check(name, existing, incoming, policy.schemaEvolution());
    return added.isEmpty() || mergeSchema ? this : mergeSchema();
  }

  /** Session settings that make a table created by this command carry the policy's properties. */
  private Map<String, String> creationProperties(boolean exists) {
    Map<String, String> conf = new LinkedHashMap<>();
    if (policy != null && !exists) {
      policy
          .properties()
          .forEach(
              (k, v) ->
                  conf.put(
                      "spark.databricks.delta.properties.defaults."
                          + k.substring("delta.".length()),
                      v));
    }
    return conf;
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
    var finalWriter = writer.option("userMetadata", metadataJson());
    withSessionConf(data.sparkSession(), creationProperties(exists), () -> finalWriter.save(path));
  }

  /** Runs {@code work} with {@code conf} set on the session, restoring the earlier values. */
  private static void withSessionConf(SparkSession spark, Map<String, String> conf, Runnable work) {
    Map<String, String> previous = new LinkedHashMap<>();
    conf.keySet().forEach(k -> previous.put(k, spark.conf().get(k, null)));
    try {
      conf.forEach((k, v) -> spark.conf().set(k, v));
      work.run();
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

  private void merge(SparkSession spark, Dataset<Row> data) {
    String condition =
        keys.stream()
            .map(k -> "t.`" + k + "` <=> s.`" + k + "`")
            .collect(Collectors.joining(" AND "));
    // MERGE takes its transaction id and commit metadata from session settings; set them for
    // this one command only (and unset after it).
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(USER_METADATA_CONF, metadataJson());
    if (txnAppId != null) {
      conf.put(TXN_APP_ID_CONF, txnAppId);
      conf.put(TXN_VERSION_CONF, Long.toString(txnVersion));
    }
    if (mergeSchema) {
      conf.put(AUTO_MERGE_CONF, "true");
    }
    try {
      withSessionConf(
          spark,
          conf,
          () ->
              DeltaTable.forPath(spark, path)
                  .as("t")
                  .merge(data.as("s"), condition)
                  .whenMatched()
                  .updateAll()
                  .whenNotMatched()
                  .insertAll()
                  .execute());
    } finally {
      // Never left behind, whatever "earlier value" was restored: the session conf is shared by
      // every thread, and two MERGEs racing (two promotions, a streaming job's query threads)
      // restored each other's transaction id, which then made later writes to any table that had
      // seen it be skipped silently as duplicates. No write outside this method sets these.
      spark.conf().unset(TXN_APP_ID_CONF);
      spark.conf().unset(TXN_VERSION_CONF);
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

  /**
   * The result of the write just made: the newest commit when it carries no transaction id, else
   * the newest commit carrying this write's id, which is skipped when it is not newer than {@code
   * before} (Delta found the id already committed and wrote nothing).
   */
  private DeltaWriteResult outcome(SparkSession spark, long before) {
    CommitLog log = CommitLog.of(spark, path);
    // The commits since the write began hold this write's own; only a skipped write (its id was
    // committed earlier) needs the older ones, up to HISTORY_DEPTH back.
    List<CommitLog.Commit> recent = log.newestFirst(before + 1, HISTORY_DEPTH);
    CommitLog.Commit commit = recent.isEmpty() ? null : recent.get(0);
    boolean skipped = false;
    if (txnAppId != null) {
      CommitLog.Commit ours = recent.stream().filter(this::isOurs).findFirst().orElse(null);
      if (ours == null) {
        ours =
            log.newestFirst(0, HISTORY_DEPTH).stream()
                .filter(this::isOurs)
                .findFirst()
                .orElse(null);
      }
      skipped = ours == null || ours.version() <= before;
      commit = ours;
    }
    if (commit == null) {
      // Skipped, and the earlier commit is older than the recent history: its version is unknown.
      return new DeltaWriteResult(
          name, path, mode.kebab(), null, null, true, Map.of(), null, txnAppId);
    }
    Map<String, String> metrics = new java.util.TreeMap<>(commit.operationMetrics());
    return new DeltaWriteResult(
        name,
        path,
        mode.kebab(),
        commit.version(),
        skipped ? null : rows(metrics),
        skipped,
        metrics,
        committedBy(commit),
        txnAppId);
  }

  /** The attempt id in a commit's user metadata (who committed it), or null. */
  private static String committedBy(CommitLog.Commit commit) {
    return commit.userMetadata() == null
        ? null
        : CommitMetadata.parse(commit.userMetadata()).get("attempt_id");
  }

  private boolean isOurs(CommitLog.Commit commit) {
    String metadata = commit.userMetadata() == null ? "" : commit.userMetadata();
    return metadata.contains("\"write_id\":\"" + writeId() + "\"");
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
