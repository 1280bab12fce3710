package io.mljobs.jobs.trainingset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The as-of join of label rows with one feature set: for each label row, the feature row of the
 * same entity with the greatest event time among those available at the label time, kept when it is
 * at most {@code ttl} older than the label time.
 *
 * <p>A feature row is available at label time {@code L} when {@code event_ts <= L} and, with a
 * created-time column, {@code created_ts <= L} (a backfilled value never leaks into an earlier
 * label). Exactly {@code ttl} old is still used ({@code L - event_ts <= ttl}). Ties on the event
 * time go to the row created last, then to the greater feature values, so the choice never depends
 * on file order.
 *
 * <p>How: labels and feature rows are unioned, and each feature row is placed at the time it became
 * available ({@code greatest(event_ts, created_ts)}); within each entity, sorted by that time
 * (feature rows before labels at equal times), a running {@code max} of the struct {@code
 * (event_ts, created_ts, features...)} over the rows so far gives each label the available row with
 * the latest event time (without a created-time column, the last non-null struct in (time, kind,
 * struct) order, the same row without a struct comparison per row). One shuffle by entity and one
 * sort, no join that multiplies rows, and the running frame (unbounded preceding to the current
 * row) is computed incrementally.
 *
 * <p>Each joined row gets a status column ({@link #statusColumn}): {@value #MATCHED}, {@value
 * #TOO_OLD} (the latest available row is older than the TTL), {@value #NO_HISTORY} (no available
 * row of the entity among those read), {@value #OUTSIDE_RANGE} (the label time is outside the
 * feature table's coverage); the feature columns are null unless matched.
 */
public final class PointInTimeJoin {
  public static final String MATCHED = "matched";
  public static final String TOO_OLD = "too_old";
  public static final String NO_HISTORY = "no_history";
  public static final String OUTSIDE_RANGE = "outside_range";

  /** Every status, in the order the manifest lists them. */
  public static final List<String> STATUSES = List.of(MATCHED, TOO_OLD, NO_HISTORY, OUTSIDE_RANGE);

  private static final String T = "_pit_t";
  private static final String KIND = "_pit_kind";
  private static final String LABEL = "_pit_label";
  private static final String FEAT = "_pit_feat";
  private static final String BEST = "_pit_best";
  private static final String EVENT = "_pit_event_ts";
  private static final String CREATED = "_pit_created_ts";

  /**
   * The label times a feature table covers (both ends inclusive); labels outside get nulls.
   *
   * @param from the earliest covered time
   * @param to the latest covered time
   */
  public record Coverage(Timestamp from, Timestamp to) {}

  private PointInTimeJoin() {}

  /** The status column the join adds for {@code featureSet}. */
  public static String statusColumn(String featureSet) {
    return "_pit_status_" + featureSet;
  }

  /**
   * Joins {@code features} (already pruned to the rows that can matter) to {@code labels}.
   *
   * @param labels label rows; they must hold the feature set's entity keys and {@code labelTime}
   * @param labelTime the label time column (timestamp)
   * @param features feature rows with the spec's entity keys, event (and created) time and columns
   * @param spec the feature set's join settings
   * @param featureColumns the feature columns to add, under their own names
   * @param coverage the label times the feature table covers, if known
   * @return every label row once, with the feature columns and the status column added
   */
  public static Dataset<Row> join(
      Dataset<Row> labels,
      String labelTime,
      Dataset<Row> features,
      FeatureJoinSpec spec,
      List<String> featureColumns,
      Optional<Coverage> coverage) {
    List<String> keys = spec.entityKeys();
    Column event = col(spec.eventTimeColumn()).cast(DataTypes.TimestampType);
    Column created =
        spec.createdTimeColumn()
            .map(c -> col(c).cast(DataTypes.TimestampType))
            .orElse(lit(null).cast(DataTypes.TimestampType));
    List<Column> featFields = new ArrayList<>();
    featFields.add(event.as(EVENT));
    featFields.add(created.as(CREATED));
    featureColumns.forEach(c -> featFields.add(col(c).as(c)));
    Column featStruct = struct(featFields.toArray(Column[]::new));
    Column labelStruct =
        struct(List.of(labels.columns()).stream().map(c -> col(c)).toArray(Column[]::new));
    DataType featType = features.select(featStruct).schema().fields()[0].dataType();
    DataType labelType = labels.select(labelStruct).schema().fields()[0].dataType();

    List<Column> labelSide = keyColumns(keys);
    labelSide.add(col(labelTime).cast(DataTypes.TimestampType).as(T));
    labelSide.add(lit(1).as(KIND));
    labelSide.add(labelStruct.as(LABEL));
    labelSide.add(lit(null).cast(featType).as(FEAT));

    // A feature row enters the stream when it became available: greatest() skips a null created_ts.
    Column available = spec.createdTimeColumn().isPresent() ? greatest(event, created) : event;
    Column usable = event.isNotNull();
    for (String k : keys) {
      usable = usable.and(col(k).isNotNull());
    }
    List<Column> featureSide = keyColumns(keys);
    featureSide.add(available.as(T));
    featureSide.add(lit(0).as(KIND));
    featureSide.add(lit(null).cast(labelType).as(LABEL));
    featureSide.add(featStruct.as(FEAT));

    Column[] partition = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    Column best;
    if (spec.createdTimeColumn().isPresent()) {
      // Rows enter by availability, but the latest event wins: a running max of the struct.
      best =
          max(col(FEAT))
              .over(
                  Window.partitionBy(partition)
                      .orderBy(col(T).asc_nulls_first(), col(KIND))
                      .rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
    } else {
      // Availability is the event time: sorted by (event, struct), the last feature row so far is
      // the running max, without comparing structs on every row (measured: docs/benchmarks.md).
      best =
          last(col(FEAT), true)
              .over(
                  Window.partitionBy(partition)
                      .orderBy(col(T).asc_nulls_first(), col(KIND), col(FEAT).asc_nulls_first())
                      .rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
    }
    Dataset<Row> carried =
        labels
            .select(labelSide.toArray(Column[]::new))
            .unionByName(features.filter(usable).select(featureSide.toArray(Column[]::new)))
            .withColumn(BEST, best)
            .filter(col(KIND).equalTo(1));

    long ttlMicros = spec.ttl().toNanos() / 1_000L;
    Column age = expr("unix_micros(" + T + ") - unix_micros(" + BEST + "." + EVENT + ")");
    Column status =
        when(col(BEST).isNull(), lit(NO_HISTORY))
            .when(age.gt(lit(ttlMicros)), lit(TOO_OLD))
            .otherwise(lit(MATCHED));
    if (coverage.isPresent()) {
      Column outside =
          col(T).lt(lit(coverage.get().from())).or(col(T).gt(lit(coverage.get().to())));
      status = when(outside, lit(OUTSIDE_RANGE)).otherwise(status);
    }
    String statusName = statusColumn(spec.name());
    List<Column> out = new ArrayList<>();
    out.add(col(LABEL + ".*"));
    Dataset<Row> withStatus = carried.withColumn(statusName, status);
    for (String c : featureColumns) {
      out.add(when(col(statusName).equalTo(MATCHED), col(BEST).getField(c)).as(c));
    }
    out.add(col(statusName));
    return withStatus.select(out.toArray(Column[]::new));
  }

  private static List<Column> keyColumns(List<String> keys) {
    List<Column> columns = new ArrayList<>();
    keys.forEach(k -> columns.add(col(k)));
    return columns;
  }
}
