package io.mljobs.jobs.ingest.jdbc;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.mljobs.common.config.Redactor;
import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.error.Failures;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.common.source.IngestColumns;
import io.mljobs.jobs.ingest.jdbc.JdbcSourceSpec.Mode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code ingest-jdbc}: loads a table or query of a JDBC database into {@code bronze.<source>}, one
 * row per key, with rejected rows in {@code quarantine.<source>}.
 *
 * <p>Per run and source: one connection proves the database is reachable and takes the credentials
 * (before any Spark work, for every selected source); one aggregate query sizes the slice (rows,
 * highest watermark, partition bounds); Spark reads it in {@code num-partitions} parallel queries;
 * rows are typed by the declared schema; the rejects are appended to quarantine; the rest, one per
 * key, are merged into bronze on the key columns (incremental) or replace it in one commit (full
 * refresh).
 *
 * <p><b>Watermark.</b> Nothing is stored beside the data: an incremental run starts from the
 * highest watermark in bronze itself (at the Delta version it reads), which is committed in the
 * same transaction as the rows, so a crash can never leave the watermark ahead of the data. It
 * reads the rows whose watermark is at or after that value (less {@code watermark-lookback}) and at
 * most the highest value the sizing query saw; rows that share the boundary value are read again
 * and merged onto themselves. The manifest records the range ({@code watermark_from}, {@code
 * watermark_to}), the bounds and partitions, and the row counts.
 *
 * <p>Every write is idempotent per run id: a re-run of the same run id commits nothing new.
 */
public final class IngestJdbcJob implements SparkJob<IngestJdbcConfig> {
  static final String NAME = "ingest-jdbc";
  static final String POSITION = "_jdbc_position";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Load tables or queries of JDBC databases into bronze Delta tables, incrementally by a"
        + " watermark (merged on the key) or by full refresh; quarantine bad rows.";
  }

  @Override
  public IngestJdbcConfig configure(Settings mljobs) {
    return IngestJdbcConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<IngestJdbcConfig> context) {
    List<JdbcSource> sources = new ArrayList<>();
    for (JdbcSourceSpec spec : context.config().sources()) {
      JdbcSource source = new JdbcSource(spec);
      context.timed(
          "connect " + spec.name(),
          () -> {
            source.check();
            return null;
          });
      sources.add(source);
    }
    long read = 0;
    long loaded = 0;
    long quarantined = 0;
    for (JdbcSource source : sources) {
      String name = source.spec().name();
      Tally tally = context.timed("ingest " + name, () -> ingest(context, source));
      read += tally.read();
      loaded += tally.loaded();
      quarantined += tally.quarantined();
      context.metric("rows_read." + name, tally.read());
      context.metric("rows_loaded." + name, tally.loaded());
      context.metric("rows_quarantined." + name, tally.quarantined());
    }
    return JobResult.ok(
            sources.size()
                + " source(s): "
                + read
                + " row(s) read, "
                + loaded
                + " loaded, "
                + quarantined
                + " quarantined")
        .withMetric("rows_read", read)
        .withMetric("rows_loaded", loaded)
        .withMetric("rows_quarantined", quarantined);
  }

  private Tally ingest(JobContext<IngestJdbcConfig> context, JdbcSource source) {
    JdbcSourceSpec spec = source.spec();
    SparkSession spark = context.spark();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mode", JdbcSql.kebab(spec.mode()));
    details.put("relation", spec.table().orElseGet(() -> spec.query().orElseThrow()));
    details.put("key_columns", spec.keyColumns());
    spec.watermarkColumn().ifPresent(w -> details.put("watermark_column", w));
    try {
      Object from = null;
      if (spec.mode() == Mode.INCREMENTAL) {
        Object highest = bronzeWatermark(context, spec, details);
        if (highest != null) {
          details.put("watermark_from", JdbcSql.display(highest));
          from = JdbcSql.minus(highest, spec.watermarkLookback());
          if (!spec.watermarkLookback().isZero()) {
            details.put("watermark_lookback", spec.watermarkLookback().toString());
            details.put("read_from", JdbcSql.display(from));
          }
        }
      }
      JdbcSource.Slice slice = source.survey(from);
      if (slice.maxWatermark() != null) {
        details.put("watermark_to", JdbcSql.display(slice.maxWatermark()));
      }
      spec.watermarkColumn()
          .ifPresent(
              w ->
                  details.put(
                      "slice", JdbcSql.describeSlice(w, slice.from(), slice.maxWatermark())));
      details.put("source_rows", slice.rows());
      spec.partitionColumn().ifPresent(p -> details.put("partition_column", p));
      if (slice.low() != null) {
        details.put("lower_bound", JdbcSql.display(slice.low()));
        details.put("upper_bound", JdbcSql.display(slice.high()));
      }
      if (spec.mode() == Mode.INCREMENTAL && slice.rows() == 0) {
        details.put("partitions", 0);
        details.put("rows_read", 0L);
        return new Tally(0, 0, 0);
      }
      Dataset<Row> rows = source.read(spark, slice);
      details.put("partitions", rows.rdd().getNumPartitions());
      return load(context, spec, rows, details);
    } catch (JobFailure e) {
      throw e;
    } catch (RuntimeException e) {
      SQLException sql = Failures.innermost(e, SQLException.class);
      if (sql != null) {
        throw JdbcErrors.failure(spec, sql);
      }
      throw e;
    } finally {
      context.input(
          new InputRecord(
              spec.name(), "jdbc", Redactor.scrub(spec.url().url()), null, Map.copyOf(details)));
    }
  }

  /** Conform, quarantine the rejects, and merge (or overwrite) bronze with the rest. */
  private static Tally load(
      JobContext<IngestJdbcConfig> context,
      JdbcSourceSpec spec,
      Dataset<Row> rows,
      Map<String, Object> details) {
    List<Column> raw = new ArrayList<>();
    spec.schema().columnNames().forEach(n -> raw.add(col(quoted(n))));
    List<Column> position = new ArrayList<>();
    spec.keyColumns().forEach(k -> position.add(col(quoted(k))));
    spec.watermarkColumn().ifPresent(w -> position.add(col(quoted(w))));
    raw.add(to_json(struct(position.toArray(Column[]::new))).as(POSITION));

    Dataset<Row> conformed =
        SchemaConformer.conform(rows.select(raw.toArray(Column[]::new)), spec.schema(), null)
            // One read of the database feeds the counts, the quarantine and the merge.
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row counts = conformed.agg(count(lit(1)), count(col(SchemaConformer.REASON))).first();
      long read = counts.getLong(0);
      long rejected = counts.getLong(1);
      details.put("rows_read", read);
      details.put("rows_quarantined", rejected);
      if (rejected > 0) {
        context
            .output(spec.quarantine())
            .append()
            .execute(
                IngestColumns.quarantine(conformed, spec.name(), col(POSITION), context.run()));
      }
      Dataset<Row> bronze =
          KeyedRows.latestPerKey(
              IngestColumns.bronze(conformed, spec.schema(), context.run(), List.of()),
              spec.keyColumns(),
              spec.watermarkColumn(),
              spec.schema().columnNames());
      DeltaOutput output = context.output(spec.bronze());
      DeltaWriteResult written =
          spec.mode() == Mode.INCREMENTAL
              ? output.mergeOn(spec.keyColumns().toArray(String[]::new)).execute(bronze)
              : output.overwrite().execute(bronze);
      details.put("bronze_write_skipped", written.skipped());
      if (written.version() != null) {
        details.put("bronze_version_written", written.version());
      }
      Map<String, String> metrics = written.operationMetrics();
      for (String metric :
          List.of("numTargetRowsInserted", "numTargetRowsUpdated", "numSourceRows")) {
        if (metrics.containsKey(metric)) {
          details.put(metric, Long.parseLong(metrics.get(metric)));
        }
      }
      long loaded = written.rows() == null ? 0 : written.rows();
      details.put("rows_loaded", loaded);
      return new Tally(read, loaded, rejected);
    } finally {
      conformed.unpersist();
    }
  }

  /**
   * The highest watermark in bronze, or null when bronze does not exist or has none. Read at a
   * pinned version, which the manifest records.
   */
  private static Object bronzeWatermark(
      JobContext<IngestJdbcConfig> context, JdbcSourceSpec spec, Map<String, Object> details) {
    DeltaInput bronze = context.input(spec.bronze()).latest();
    if (!bronze.exists()) {
      return null;
    }
    // Recorded with the JDBC input it bounds (bronze_version_read), not as an input of its own.
    details.put("bronze_version_read", bronze.version());
    Row highest = bronze.scan().agg(max(col(quoted(spec.watermarkColumn().orElseThrow())))).first();
    return highest.isNullAt(0) ? null : highest.get(0);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** Rows one source gave this run. */
  private record Tally(long read, long loaded, long quarantined) {}
}
