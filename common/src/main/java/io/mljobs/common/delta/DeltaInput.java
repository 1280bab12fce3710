package io.mljobs.common.delta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.delta.tables.DeltaTable;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.manifest.InputRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The one way mljobs reads a Delta table: the mirror of {@link DeltaOutput}, an immutable builder
 * whose every step returns a new one, ended by {@link #read}.
 *
 * <pre>{@code
 * Dataset<Row> today = context.input(TableRef.of("silver.pos_transactions"))
 *     .latest()
 *     .partition("event_date", context.runDate())
 *     .read();
 * }</pre>
 *
 * <p>The version is resolved once per run (the run's {@link SnapshotPins}), the rows are read at
 * exactly that version (Delta time travel, so a commit made meanwhile by another writer is not
 * seen), and {@link #read} records the table, the version and the selection as an input of the
 * run's manifest (once, however often it is read).
 */
public final class DeltaInput {
  /** A date filter: {@code column} between {@code from} and {@code to}, inclusive. */
  private record DateFilter(String column, LocalDate from, LocalDate to) {
    String describe() {
      return from.equals(to) ? column + " = " + from : column + " " + from + " .. " + to;
    }
  }

  private final SparkSession spark;
  private final String path;
  private final String name;
  private final SnapshotPins pins;
  private final String runId;
  private final LocalDate runDate;
  private VersionSelector selector = VersionSelector.latest();
  private List<DateFilter> filters = List.of();
  private Map<String, Object> details = Map.of();
  private String writer;

  private DeltaInput(
      SparkSession spark,
      String path,
      String name,
      SnapshotPins pins,
      String runId,
      LocalDate runDate) {
    this.spark = spark;
    this.path = path;
    this.name = name;
    this.pins = pins;
    this.runId = runId;
    this.runDate = runDate;
  }

  /**
   * A reader of the table at {@code path}, named {@code name} in messages and the manifest, for the
   * run {@code runId}/{@code runDate} (which give {@link VersionSelector#currentRun()} its
   * meaning), pinning versions and recording inputs through {@code pins}. Jobs get one from {@code
   * JobContext.input(table)}.
   */
  public static DeltaInput of(
      SparkSession spark,
      String path,
      String name,
      SnapshotPins pins,
      String runId,
      LocalDate runDate) {
    return new DeltaInput(
        Objects.requireNonNull(spark, "spark"),
        Objects.requireNonNull(path, "path"),
        Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(pins, "pins"),
        runId,
        runDate);
  }

  /** A reader outside any run: nothing is recorded, {@code run} selects nothing. */
  public static DeltaInput of(SparkSession spark, String path, String name) {
    return of(spark, path, name, SnapshotPins.unrecorded(), null, null);
  }

  private DeltaInput copy() {
    DeltaInput next = new DeltaInput(spark, path, name, pins, runId, runDate);
    next.selector = selector;
    next.filters = filters;
    next.details = details;
    next.writer = writer;
    return next;
  }

  /** Reads the newest version (the default). */
  public DeltaInput latest() {
    return asOf(VersionSelector.latest());
  }

  /** Reads the version {@code versionSelector} names (a number, run:, date:, timestamp:, run). */
  public DeltaInput asOf(VersionSelector versionSelector) {
    DeltaInput next = copy();
    next.selector = Objects.requireNonNull(versionSelector, "versionSelector");
    return next;
  }

  /**
   * Keeps the rows of {@code date} in {@code column}: compared as it is for a date (or {@code
   * yyyy-MM-dd} text) partition column, so Delta prunes files; by its date for a timestamp column.
   */
  public DeltaInput partition(String column, LocalDate date) {
    return between(column, date, date);
  }

  /** Keeps the rows whose {@code column} falls from {@code from} to {@code to}, both included. */
  public DeltaInput between(String column, LocalDate from, LocalDate to) {
    DeltaInput next = copy();
    List<DateFilter> more = new ArrayList<>(filters);
    more.add(
        new DateFilter(
            Objects.requireNonNull(column, "column"),
            Objects.requireNonNull(from, "from"),
            Objects.requireNonNull(to, "to")));
    next.filters = List.copyOf(more);
    return next;
  }

  /** Adds {@code key = value} to what the manifest records of this input (role, dataset...). */
  public DeltaInput detail(String key, Object value) {
    DeltaInput next = copy();
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    next.details = java.util.Collections.unmodifiableMap(more);
    return next;
  }

  /**
   * Names the job that writes the table ({@code ingest-files}), so that the message for a missing
   * table says what to run first.
   */
  public DeltaInput writtenBy(String job) {
    DeltaInput next = copy();
    next.writer = Objects.requireNonNull(job, "job");
    return next;
  }

  /** The table's logical name. */
  public String name() {
    return name;
  }

  /** Whether a Delta table exists at the path (a reader of an optional table asks first). */
  public boolean exists() {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /**
   * The version this input reads, resolved once per run; fails with a {@link JobFailure} naming the
   * table and what to run when there is no table, or no version the selector names.
   */
  public long version() {
    return pins.version(path, selector, this::resolve);
  }

  /** How messages name what is read: {@code silver.x version 4 (event_date = 2026-11-26)}. */
  public String label() {
    String label = name + " version " + version();
    if (!filters.isEmpty()) {
      label += " (" + String.join(", ", filters.stream().map(DateFilter::describe).toList()) + ")";
    }
    return label;
  }

  /**
   * The selected rows at the resolved version, recorded as an input of the run (table, version,
   * selector, selection and details).
   */
  public Dataset<Row> read() {
    Dataset<Row> rows = scan();
    Map<String, Object> recorded = new LinkedHashMap<>(details);
    recorded.put("selector", selector.toString());
    if (!filters.isEmpty()) {
      recorded.put(
          "partition", String.join(", ", filters.stream().map(DateFilter::describe).toList()));
    }
    pins.record(new InputRecord(name, "delta", path, version(), recorded));
    return rows;
  }

  /**
   * The selected rows at the resolved version, not recorded: for looking at a table before deciding
   * what to read (which dates a run works on); the rows a job uses come from {@link #read}.
   */
  public Dataset<Row> scan() {
    Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version()).load(path);
    for (DateFilter f : filters) {
      Column value = dateOf(rows, f.column());
      rows =
          f.from().equals(f.to())
              ? rows.where(value.equalTo(lit(f.from().toString())))
              : rows.where(
                  value.geq(lit(f.from().toString())).and(value.leq(lit(f.to().toString()))));
    }
    return rows;
  }

  /** The column itself for a date or text partition (so Delta prunes); its date for a timestamp. */
  private static Column dateOf(Dataset<Row> rows, String column) {
    Column c = col("`" + column.replace("`", "``") + "`");
    boolean timestamp =
        Arrays.stream(rows.schema().fields())
            .filter(f -> f.name().equals(column))
            .map(StructField::dataType)
            .anyMatch(t -> t instanceof TimestampType || t instanceof TimestampNTZType);
    return timestamp ? to_date(c) : c;
  }

  private long resolve() {
    if (!exists()) {
      throw new JobFailure(
          "Table "
              + name
              + " does not exist at "
              + path
              + ". Run the job that writes it first"
              + (writer == null ? "" : " (" + writer + ")")
              + ", or fix the table name.");
    }
    if (selector.kind() == VersionSelector.Kind.LATEST) {
      return latestVersion();
    }
    if (selector.kind() == VersionSelector.Kind.NUMBER
        && Long.parseLong(selector.value()) <= latestVersion()) {
      return Long.parseLong(selector.value());
    }
    return TableVersions.of(spark, path, name).resolve(selector, runId, runDate).version();
  }

  /** The newest version, from the table's log on the driver: no Spark job. */
  private long latestVersion() {
    return CommitLog.of(spark, path)
        .latestVersion()
        .orElseThrow(() -> new IllegalStateException("No commit in the Delta log of " + path));
  }
}
