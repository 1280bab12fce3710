package io.mljobs.common.delta;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.mljobs.common.error.JobFailure;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The versions of one Delta table and the way to pick one: "the version produced by run X", "as of
 * date D", a number, the latest. Used by {@code mljobs versions} and by jobs that read a pinned
 * version (publish-snowflake).
 *
 * <pre>{@code
 * TableVersions versions = TableVersions.of(spark, path, "silver.pos_transactions");
 * TableVersion v = versions.resolve(VersionSelector.parse("run:ingest_2026-11-07", "version"), run);
 * Dataset<Row> rows = versions.read(v.version());
 * }</pre>
 */
public final class TableVersions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final String path;
  private final String name;

  private TableVersions(SparkSession spark, String path, String name) {
    this.spark = spark;
    this.path = path;
    this.name = name;
  }

  /**
   * The versions of the table at {@code path}; fails with a {@link JobFailure} saying what to do
   * when there is no Delta table there.
   */
  public static TableVersions of(SparkSession spark, String path, String name) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw new JobFailure(
          "Table "
              + name
              + " does not exist (no Delta table at "
              + path
              + "). Run the job that writes it first, or fix the table name.");
    }
    return new TableVersions(spark, path, name);
  }

  /** The table's logical name. */
  public String name() {
    return name;
  }

  /** The table's storage path. */
  public String path() {
    return path;
  }

  /** Every version still in the table's history, newest first. */
  public List<TableVersion> list() {
    List<TableVersion> versions = new ArrayList<>();
    Iterator<Row> rows =
        DeltaTable.forPath(spark, path)
            .history()
            .select("version", "timestamp", "operation", "userMetadata", "operationMetrics")
            .orderBy(col("version").desc())
            .toLocalIterator();
    rows.forEachRemaining(r -> versions.add(toVersion(r)));
    return versions;
  }

  /** The newest version. */
  public TableVersion latest() {
    return list().get(0);
  }

  /**
   * The version {@code selector} names. {@code currentRunId}/{@code currentRunDate} give meaning to
   * {@link VersionSelector#currentRun()}: the latest version that run id committed, else the latest
   * committed for that logical date. Fails with a {@link JobFailure} that lists what exists when
   * nothing matches.
   */
  public TableVersion resolve(
      VersionSelector selector, String currentRunId, LocalDate currentRunDate) {
    List<TableVersion> all = list();
    Optional<TableVersion> found =
        switch (selector.kind()) {
          case LATEST -> all.stream().findFirst();
          case NUMBER -> {
            long wanted = Long.parseLong(selector.value());
            yield all.stream().filter(v -> v.version() == wanted).findFirst();
          }
          case RUN -> byRun(all, selector.value());
          case CURRENT_RUN -> byRun(all, currentRunId).or(() -> onDate(all, currentRunDate));
          case DATE -> asOfDate(all, LocalDate.parse(selector.value()));
          case TIMESTAMP -> {
            Instant at = Instant.parse(selector.value());
            yield all.stream().filter(v -> !v.timestamp().isAfter(at)).findFirst();
          }
        };
    return found.orElseThrow(() -> notFound(selector, all, currentRunId, currentRunDate));
  }

  /** The rows of {@code version} (Delta time travel). */
  public Dataset<Row> read(long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path);
  }

  private static Optional<TableVersion> byRun(List<TableVersion> all, String runId) {
    return all.stream().filter(v -> Objects.equals(v.runId(), runId)).findFirst();
  }

  private static Optional<TableVersion> onDate(List<TableVersion> all, LocalDate date) {
    String day = date.toString();
    return all.stream().filter(v -> day.equals(v.runDate())).findFirst();
  }

  private static Optional<TableVersion> asOfDate(List<TableVersion> all, LocalDate date) {
    String day = date.toString();
    // ISO dates compare correctly as text.
    return all.stream()
        .filter(v -> v.runDate() != null && v.runDate().compareTo(day) <= 0)
        .findFirst();
  }

  private JobFailure notFound(
      VersionSelector selector, List<TableVersion> all, String runId, LocalDate runDate) {
    String what =
        switch (selector.kind()) {
          case CURRENT_RUN -> "no version committed by run '" + runId + "' or for date " + runDate;
          case RUN -> "no version committed by run '" + selector.value() + "'";
          case NUMBER -> "no version " + selector.value();
          case DATE -> "no version for a logical date on or before " + selector.value();
          case TIMESTAMP -> "no version committed at or before " + selector.value();
          case LATEST -> "no version";
        };
    String range =
        all.isEmpty() ? "none" : all.get(all.size() - 1).version() + ".." + all.get(0).version();
    return new JobFailure(
        "Table "
            + name
            + " has "
            + what
            + " (versions in history: "
            + range
            + "; see 'mljobs versions "
            + name
            + "'). Run the job that writes it, or choose another version (run, latest, a number,"
            + " run:<id>, date:YYYY-MM-DD).");
  }

  private static TableVersion toVersion(Row r) {
    Map<String, String> metadata = parseMetadata(r.isNullAt(3) ? null : r.getString(3));
    Map<String, String> metrics = r.isNullAt(4) ? Map.of() : r.getJavaMap(4);
    Timestamp ts = r.getTimestamp(1);
    return new TableVersion(
        r.getLong(0),
        ts.toInstant(),
        r.getString(2),
        metadata.get("run_id"),
        metadata.get("job"),
        metadata.get("run_date"),
        rows(metrics),
        metadata);
  }

  /** Rows a commit wrote, from Delta's operation metrics. */
  static Long rows(Map<String, String> metrics) {
    if (metrics.containsKey("numTargetRowsInserted")) {
      return Long.parseLong(metrics.get("numTargetRowsInserted"))
          + Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"));
    }
    String written = metrics.get("numOutputRows");
    return written == null ? null : Long.parseLong(written);
  }

  private static Map<String, String> parseMetadata(String json) {
    Map<String, String> metadata = new TreeMap<>();
    if (json == null || json.isBlank()) {
      return metadata;
    }
    try {
      JsonNode node = JSON.readTree(json);
      node.fields()
          .forEachRemaining(
              e ->
                  metadata.put(
                      e.getKey(),
                      e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    } catch (JsonProcessingException e) {
      metadata.put("text", json); // metadata written by another tool
    }
    return metadata;
  }
}
