package io.mljobs.jobs.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.mljobs.jobs.features.FeatureSpec.Lookup;
import io.mljobs.jobs.features.FeatureSpec.RowExpression;
import io.mljobs.jobs.features.FeatureSpec.WindowAggregation;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * Computes a feature set's rows for a range of feature dates from its source rows: pure, {@code
 * Dataset -> Dataset}, no IO. The source must hold the events of the range and of the longest
 * window before it ({@link #sourceFilter}); only rows of the range come out.
 *
 * <p>Per-event mode: each aggregation is a window function per entity, ordered by the event time in
 * whole seconds, over the range frame {@code (t - window, t]} (current row included) or {@code (t -
 * window, t)} (excluded: the event's own row and any other of the same second are left out).
 * Lookups are as-of joins done as a sort-merge: reference rows and events of a key are ordered by
 * time and each event takes the last reference row at or before it, so no row is multiplied.
 *
 * <p>Daily-snapshot mode: one row per entity and day, as of the end of the day {@code s = D + 1
 * 00:00}: the events with {@code s - window <= t < s}; entities with no event in the longest window
 * have no row.
 */
public final class FeatureSetTransform {
  /** Event time in whole seconds (the window order), and in microseconds (ties, durations). */
  private static final String SECONDS = "__fs_t";

  private static final String MICROS = "__fs_tm";
  private static final String KIND = "__fs_kind";
  private static final String TIE = "__fs_tie";

  private FeatureSetTransform() {}

  /**
   * The source rows a build of {@code from..to} needs: events from the longest window before {@code
   * from} to the end of {@code to}, and, with a source date column, only those date partitions (so
   * Delta prunes files before reading).
   */
  public static Column sourceFilter(FeatureSetSpec spec, LocalDate from, LocalDate to) {
    long lookback = spec.lookbackDays();
    Column time = col(spec.eventTime()).cast("timestamp");
    Column filter =
        unix_micros(time)
            .geq(unix_micros(startOf(from)).minus(lit(spec.longestWindowSeconds() * 1_000_000L)))
            .and(time.lt(startOf(to.plusDays(1))));
    if (spec.sourceDateColumn().isPresent()) {
      Column date = col(spec.sourceDateColumn().get());
      filter =
          date.geq(lit(java.sql.Date.valueOf(from.minusDays(lookback))))
              .and(date.leq(lit(java.sql.Date.valueOf(to))))
              .and(filter);
    }
    return filter;
  }

  /** The first instant of {@code date} in the session's time zone. */
  private static Column startOf(LocalDate date) {
    return lit(java.sql.Date.valueOf(date)).cast("timestamp");
  }

  /**
   * The feature rows of {@code from..to}.
   *
   * @param source the source rows (at least those {@link #sourceFilter} selects)
   * @param lookups each lookup's reference rows, by lookup name
   * @param createdTs when the values became available (the build's time)
   */
  public static Dataset<Row> build(
      FeatureSetSpec spec,
      Dataset<Row> source,
      Map<String, Dataset<Row>> lookups,
      LocalDate from,
      LocalDate to,
      Timestamp createdTs) {
    return spec.mode() == FeatureSetSpec.Mode.DAILY_SNAPSHOT
        ? dailySnapshot(spec, source, from, to, createdTs)
        : perEvent(spec, source, lookups, from, to, createdTs);
  }

  private static Dataset<Row> perEvent(
      FeatureSetSpec spec,
      Dataset<Row> source,
      Map<String, Dataset<Row>> lookups,
      LocalDate from,
      LocalDate to,
      Timestamp createdTs) {
    Column time = col(spec.eventTime()).cast("timestamp");
    Dataset<Row> rows =
        source
            .where(time.isNotNull())
            // Only the columns the definition reads travel through the shuffles.
            .select(needed(spec).stream().map(c -> col(quote(c))).toArray(Column[]::new))
            .withColumn(SECONDS, time.cast("long"))
            .withColumn(MICROS, unix_micros(time));
    // Row-level features first: aggregations read them (amount as double replaces amount).
    for (FeatureSpec f : spec.features()) {
      if (f instanceof RowExpression r) {
        rows = rows.withColumn(r.name(), expr(r.expr()));
      }
    }
    List<Column> aggregates = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (FeatureSpec f : spec.features()) {
      if (f instanceof WindowAggregation a) {
        aggregates.add(atEvent(spec, a).as(a.name()));
        names.add(a.name());
      }
    }
    List<Column> withAggregates = new ArrayList<>();
    for (String c : rows.columns()) {
      if (!names.contains(c)) {
        withAggregates.add(col(quote(c)));
      }
    }
    withAggregates.addAll(aggregates);
    rows = rows.select(withAggregates.toArray(Column[]::new));
    Column date = to_date(time);
    rows =
        rows.where(
            date.geq(lit(java.sql.Date.valueOf(from)))
                .and(date.leq(lit(java.sql.Date.valueOf(to)))));
    for (Map.Entry<String, LookupSpec> e : spec.lookups().entrySet()) {
      if (spec.features().stream()
          .anyMatch(f -> f instanceof Lookup l && l.lookup().equals(e.getKey()))) {
        rows = asOf(spec, rows, e.getValue(), lookups.get(e.getKey()));
      }
    }
    List<Column> out = new ArrayList<>();
    spec.entityKeys().forEach(k -> out.add(col(quote(k))));
    out.add(time.as(FeatureSetSpec.EVENT_TS));
    out.add(lit(createdTs).as(FeatureSetSpec.CREATED_TS));
    out.add(date.as(FeatureSetSpec.FEATURE_DATE));
    out.add(lit(spec.definitionHash()).as(FeatureSetSpec.DEFINITION_HASH));
    spec.passThrough().forEach(p -> out.add(col(quote(p))));
    for (FeatureSpec f : spec.features()) {
      out.add(
          f instanceof Lookup l
              ? col(lookupColumn(l.lookup())).getField(l.column()).as(l.name())
              : col(quote(f.name())));
    }
    return rows.select(out.toArray(Column[]::new));
  }

  /** The source columns the definition reads, in a stable order. */
  private static List<String> needed(FeatureSetSpec spec) {
    java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>();
    columns.addAll(spec.entityKeys());
    columns.add(spec.eventTime());
    columns.addAll(spec.passThrough());
    spec.lookups().values().forEach(l -> columns.addAll(l.keys()));
    java.util.Set<String> computed = new java.util.HashSet<>();
    for (FeatureSpec f : spec.features()) {
      if (f instanceof RowExpression r) {
        for (String c :
            io.mljobs.common.schema.SqlExpressions.referencedColumns(r.expr(), r.name())) {
          if (!computed.contains(c.toLowerCase(java.util.Locale.ROOT))) {
            columns.add(c);
          }
        }
        computed.add(r.name().toLowerCase(java.util.Locale.ROOT));
      } else if (f instanceof WindowAggregation a && a.column().isPresent()) {
        if (!computed.contains(a.column().get().toLowerCase(java.util.Locale.ROOT))) {
          columns.add(a.column().get());
        }
      }
    }
    // Case-insensitive duplicates (amount, AMOUNT) would select a column twice.
    java.util.Map<String, String> unique = new java.util.LinkedHashMap<>();
    columns.forEach(c -> unique.putIfAbsent(c.toLowerCase(java.util.Locale.ROOT), c));
    return List.copyOf(unique.values());
  }

  /** One aggregation as a window function evaluated at each event. */
  private static Column atEvent(FeatureSetSpec spec, WindowAggregation a) {
    long reach = a.window().seconds() - 1; // lower edge exclusive: t - w < event time
    WindowSpec window =
        Window.partitionBy(
                spec.entityKeys().stream().map(k -> col(quote(k))).toArray(Column[]::new))
            .orderBy(col(SECONDS))
            .rangeBetween(-reach, a.includeCurrent() ? 0 : -1);
    Column value = a.column().map(c -> col(quote(c))).orElse(lit(1));
    return switch (a.aggregation()) {
      case COUNT -> count(value).over(window).cast("long");
      case SUM -> functions.sum(value.cast("double")).over(window);
      case AVG -> functions.avg(value.cast("double")).over(window);
      case MIN -> functions.min(value).over(window);
      case MAX -> functions.max(value).over(window);
      case STDDEV -> functions.stddev_samp(value.cast("double")).over(window);
      case DISTINCT_COUNT -> size(collect_set(value).over(window)).cast("long");
      case LAST -> max(latest(value)).over(window).getField("v");
      case TIME_SINCE_PREVIOUS -> col(MICROS).minus(max(col(MICROS)).over(window)).divide(1e6);
    };
  }

  /** The value with its time in front, so the maximum is the latest (ties: the largest value). */
  private static Column latest(Column value) {
    return when(value.isNotNull(), struct(col(MICROS).as("t"), value.as("v")));
  }

  /**
   * Adds the struct column of {@code lookup}'s reference row valid at each event: reference rows
   * and events of each key sorted by time (reference rows first at equal times), each event taking
   * the last reference row before it.
   */
  private static Dataset<Row> asOf(
      FeatureSetSpec spec, Dataset<Row> events, LookupSpec lookup, Dataset<Row> reference) {
    String valueColumn = lookupColumn(lookup.name());
    List<String> wanted = new ArrayList<>();
    for (FeatureSpec f : spec.features()) {
      if (f instanceof Lookup l
          && l.lookup().equals(lookup.name())
          && !wanted.contains(l.column())) {
        wanted.add(l.column());
      }
    }
    Map<String, String> keyTypes = new LinkedHashMap<>();
    lookup.keys().forEach(k -> keyTypes.put(k, events.schema().apply(k).dataType().sql()));
    List<Column> ref = new ArrayList<>();
    keyTypes.forEach((k, type) -> ref.add(col(quote(k)).cast(type).as(k)));
    ref.add(unix_micros(col(quote(lookup.asOf())).cast("timestamp")).as(MICROS));
    ref.add(lit(0).as(KIND));
    ref.add(
        lookup
            .tieBreak()
            .map(t -> col(quote(t)).cast("string"))
            .orElse(lit(null).cast("string"))
            .as(TIE));
    ref.add(struct(wanted.stream().map(c -> col(quote(c))).toArray(Column[]::new)).as(valueColumn));
    Dataset<Row> refs =
        reference.where(col(quote(lookup.asOf())).isNotNull()).select(ref.toArray(Column[]::new));
    Dataset<Row> all = events.withColumn(KIND, lit(1)).unionByName(refs, true);
    WindowSpec before =
        Window.partitionBy(lookup.keys().stream().map(k -> col(quote(k))).toArray(Column[]::new))
            .orderBy(col(MICROS), col(KIND), col(TIE))
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return all.withColumn(valueColumn, last(col(valueColumn), true).over(before))
        .where(col(KIND).equalTo(1))
        .drop(KIND, TIE);
  }

  private static Dataset<Row> dailySnapshot(
      FeatureSetSpec spec, Dataset<Row> source, LocalDate from, LocalDate to, Timestamp createdTs) {
    Column time = col(spec.eventTime()).cast("timestamp");
    long lookback = spec.lookbackDays();
    Column eventDate = to_date(time);
    // Each event counts towards the days from its own to `lookback` days later, within the range.
    Dataset<Row> rows =
        source
            .where(
                time.isNotNull()
                    .and(eventDate.leq(lit(java.sql.Date.valueOf(to))))
                    .and(date_add(eventDate, (int) lookback).geq(lit(java.sql.Date.valueOf(from)))))
            .withColumn(MICROS, unix_micros(time))
            .withColumn(
                FeatureSetSpec.FEATURE_DATE,
                explode(
                    sequence(
                        greatest(eventDate, lit(java.sql.Date.valueOf(from))),
                        least(
                            date_add(eventDate, (int) lookback), lit(java.sql.Date.valueOf(to))))))
            .withColumn(
                "__fs_end",
                unix_micros(date_add(col(FeatureSetSpec.FEATURE_DATE), 1).cast("timestamp")));
    List<Column> aggregates = new ArrayList<>();
    for (FeatureSpec f : spec.features()) {
      WindowAggregation a = (WindowAggregation) f;
      aggregates.add(asOfDayEnd(a).as(a.name()));
    }
    Column inLongest =
        col(MICROS).geq(col("__fs_end").minus(lit(spec.longestWindowSeconds() * 1_000_000L)));
    aggregates.add(count(when(inLongest, lit(1))).as("__fs_events"));
    aggregates.add(max(col("__fs_end")).as("__fs_end"));
    List<Column> keys = new ArrayList<>();
    spec.entityKeys().forEach(k -> keys.add(col(quote(k))));
    keys.add(col(FeatureSetSpec.FEATURE_DATE));
    Dataset<Row> days =
        rows.groupBy(keys.toArray(Column[]::new))
            .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .where(col("__fs_events").gt(0));
    List<Column> out = new ArrayList<>();
    spec.entityKeys().forEach(k -> out.add(col(quote(k))));
    out.add(functions.timestamp_micros(col("__fs_end").minus(1)).as(FeatureSetSpec.EVENT_TS));
    out.add(lit(createdTs).as(FeatureSetSpec.CREATED_TS));
    out.add(col(FeatureSetSpec.FEATURE_DATE));
    out.add(lit(spec.definitionHash()).as(FeatureSetSpec.DEFINITION_HASH));
    spec.features().forEach(f -> out.add(col(quote(f.name()))));
    return days.select(out.toArray(Column[]::new));
  }

  /** One aggregation over the events with {@code end - window <= t < end} (end: next midnight). */
  private static Column asOfDayEnd(WindowAggregation a) {
    Column in = col(MICROS).geq(col("__fs_end").minus(lit(a.window().seconds() * 1_000_000L)));
    Column value = a.column().map(c -> col(quote(c))).orElse(lit(1));
    Column v = when(in, value);
    return switch (a.aggregation()) {
      case COUNT -> count(v).cast("long");
      case SUM -> functions.sum(v.cast("double"));
      case AVG -> functions.avg(v.cast("double"));
      case MIN -> functions.min(v);
      case MAX -> functions.max(v);
      case STDDEV -> functions.stddev_samp(v.cast("double"));
      case DISTINCT_COUNT -> size(collect_set(v)).cast("long");
      case LAST -> max(when(in, latest(value))).getField("v");
      case TIME_SINCE_PREVIOUS ->
          functions.max(col("__fs_end")).minus(max(when(in, col(MICROS)))).divide(1e6);
    };
  }

  private static String lookupColumn(String lookup) {
    return "__fs_lookup_" + lookup;
  }

  /** A column name as Spark reads it literally (dots and spaces included). */
  static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
