package io.mljobs.jobs.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.delta.DeltaWriteResult;
import io.mljobs.common.job.JobContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * One micro-batch of a feature stream: the new source events decide which rows of the feature table
 * change, and exactly those are computed again by {@link FeatureSetTransform}, the code {@code
 * build-features} runs, so a day streamed and a day built hold the same values.
 *
 * <ol>
 *   <li>Events older than the watermark (the latest event time of the earlier batches minus {@code
 *       late-delay}, see {@link StreamWatermark}) are late: counted with their dates, not applied.
 *       They stay in the source, so {@code build-features} for their dates takes them in.
 *   <li>The others touch their entity's rows from their own date to the date the longest window
 *       reaches ({@code lookbackDays} later). Those entities' events of that range and of the
 *       longest window before it are read from the source table (the latest version, so events of
 *       later batches already there are included; their own batch recomputes them again).
 *   <li>The rows of those entities and dates are replaced in one Delta commit whose transaction id
 *       is (query id, batch id): a batch replayed after a crash is skipped by Delta.
 * </ol>
 */
final class FeatureStreamBatch implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;

  /** Set by Structured Streaming on the thread that runs the batch. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  /**
   * Above this many entities in one batch, the batch replaces its dates for all entities: a
   * predicate listing every key would cost more than recomputing the dates (a first batch that
   * holds the whole history).
   */
  static final int MAX_LISTED_ENTITIES = 1_000;

  private static final String MICROS = "__fs_stream_t";
  private static final String LATE = "__fs_stream_late";

  private final transient JobContext<?> context;
  private final transient FeatureSetSpec spec;
  private final transient StreamWatermark watermark;
  private final long lateDelayMicros;
  private final transient StreamTally tally;

  FeatureStreamBatch(
      JobContext<?> context,
      FeatureSetSpec spec,
      StreamWatermark watermark,
      long lateDelayMicros,
      StreamTally tally) {
    this.context = context;
    this.spec = spec;
    this.watermark = watermark;
    this.lateDelayMicros = lateDelayMicros;
    this.tally = tally;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    SparkSession spark = batch.sparkSession();
    String queryId = spark.sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    Optional<Long> seenBefore = watermark.latestBefore(batchId);
    Column late =
        seenBefore.isPresent()
            ? col(MICROS).lt(lit(seenBefore.get() - lateDelayMicros))
            : lit(false);
    List<Column> keys = new ArrayList<>();
    spec.entityKeys().forEach(k -> keys.add(col(FeatureSetTransform.quote(k))));
    Column time = col(FeatureSetTransform.quote(spec.eventTime())).cast("timestamp");
    List<Column> selected = new ArrayList<>(keys);
    selected.add(unix_micros(time).as(MICROS));
    selected.add(to_date(time).as("__fs_stream_date"));
    Dataset<Row> events =
        batch
            .select(selected.toArray(Column[]::new))
            .where(col(MICROS).isNotNull())
            .withColumn(LATE, late)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column date = col("__fs_stream_date");
      Row summary =
          events
              .agg(
                  max(col(MICROS)),
                  count(when(col(LATE), lit(1))),
                  min(when(col(LATE), date)),
                  max(when(col(LATE), date)),
                  min(when(not(col(LATE)), date)),
                  max(when(not(col(LATE)), date)))
              .first();
      long lateEvents = summary.getLong(1);
      if (lateEvents > 0) {
        tally.late(lateEvents, summary.getDate(2).toLocalDate(), summary.getDate(3).toLocalDate());
      }
      if (!summary.isNullAt(4)) {
        LocalDate from = summary.getDate(4).toLocalDate();
        LocalDate to = summary.getDate(5).toLocalDate().plusDays(spec.lookbackDays());
        List<Row> entities =
            events
                .where(not(col(LATE)))
                .select(keys.toArray(Column[]::new))
                .distinct()
                .limit(MAX_LISTED_ENTITIES + 1)
                .collectAsList();
        tally.written(
            replace(
                spark,
                entities,
                from,
                to,
                "mljobs/stream-features/" + spec.name() + "/" + queryId,
                batchId));
      }
      tally.batch();
      Optional<Long> seen =
          summary.isNullAt(0)
              ? seenBefore
              : Optional.of(Math.max(seenBefore.orElse(Long.MIN_VALUE), summary.getLong(0)));
      watermark.record(batchId, seen);
    } finally {
      events.unpersist();
    }
  }

  /**
   * Computes and replaces the rows of {@code entities} (all, when too many) on {@code from..to}.
   */
  private DeltaWriteResult replace(
      SparkSession spark,
      List<Row> entities,
      LocalDate from,
      LocalDate to,
      String appId,
      long batchId) {
    boolean listed = entities.size() <= MAX_LISTED_ENTITIES;
    DeltaInput sourceInput = fresh(spark, spec.source().toString(), context.pathOf(spec.source()));
    Dataset<Row> source =
        sourceInput.scan().where(FeatureSetTransform.sourceFilter(spec, from, to));
    if (listed) {
      Dataset<Row> wanted = spark.createDataFrame(entities, source.select(keyColumns()).schema());
      Column match = lit(true);
      for (String k : spec.entityKeys()) {
        String q = FeatureSetTransform.quote(k);
        match = match.and(source.col(q).eqNullSafe(wanted.col(q)));
      }
      source = source.join(broadcast(wanted), match, "left_semi");
    }
    Map<String, Dataset<Row>> lookups = new LinkedHashMap<>();
    Map<String, Object> metadata = new LinkedHashMap<>(context.run().commitMetadata());
    metadata.put("definition_hash", spec.definitionHash());
    metadata.put("feature_dates", from + ".." + to);
    metadata.put("stream_batch_id", batchId);
    metadata.put("source_version", sourceInput.version());
    spec.lookups()
        .forEach(
            (name, lookup) -> {
              DeltaInput in =
                  fresh(spark, lookup.table().toString(), context.pathOf(lookup.table()));
              lookups.put(name, in.scan());
              metadata.put("lookup_version." + name, in.version());
            });
    // created_ts: when these values became available, as in build-features: this batch's time.
    Timestamp created = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    Dataset<Row> rows = FeatureSetTransform.build(spec, source, lookups, from, to, created);
    String predicate =
        FeatureSetSpec.FEATURE_DATE
            + " >= DATE'"
            + from
            + "' AND "
            + FeatureSetSpec.FEATURE_DATE
            + " <= DATE'"
            + to
            + "'"
            + (listed ? " AND (" + entityPredicate(spec.entityKeys(), entities) + ")" : "");
    return context
        .output(spec.table())
        .idempotent(appId, batchId)
        .userMetadata(metadata)
        .partitionBy(FeatureSetSpec.FEATURE_DATE)
        .replaceWhere(predicate)
        .execute(rows);
  }

  private Column[] keyColumns() {
    return spec.entityKeys().stream()
        .map(k -> col(FeatureSetTransform.quote(k)))
        .toArray(Column[]::new);
  }

  /**
   * A SQL predicate true for exactly the rows of {@code entities} (null keys included): {@code k IN
   * (...)} for one key, one {@code <=>} conjunction per entity for several.
   */
  static String entityPredicate(List<String> keys, List<Row> entities) {
    if (keys.size() == 1) {
      String k = FeatureSetTransform.quote(keys.get(0));
      List<String> values = new ArrayList<>();
      boolean hasNull = false;
      for (Row e : entities) {
        if (e.isNullAt(0)) {
          hasNull = true;
        } else {
          values.add(literal(e.get(0)));
        }
      }
      List<String> parts = new ArrayList<>();
      if (!values.isEmpty()) {
        parts.add(k + " IN (" + String.join(", ", values) + ")");
      }
      if (hasNull) {
        parts.add(k + " IS NULL");
      }
      return parts.isEmpty() ? "false" : String.join(" OR ", parts);
    }
    List<String> alternatives = new ArrayList<>();
    for (Row e : entities) {
      List<String> terms = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        terms.add(
            FeatureSetTransform.quote(keys.get(i))
                + " <=> "
                + (e.isNullAt(i) ? "NULL" : literal(e.get(i))));
      }
      alternatives.add("(" + String.join(" AND ", terms) + ")");
    }
    return alternatives.isEmpty() ? "false" : String.join(" OR ", alternatives);
  }

  /** A value as a Spark SQL literal (strings quoted and escaped, typed numbers, dates). */
  private static String literal(Object value) {
    return functions.lit(value).expr().sql();
  }

  /**
   * A reader of the table's newest version at this batch: a stream's batches each need the source
   * as it is now, not as it was when the run started (a run input is resolved once per run).
   */
  private static DeltaInput fresh(SparkSession spark, String name, String path) {
    return DeltaInput.of(spark, path, name).latest();
  }
}
