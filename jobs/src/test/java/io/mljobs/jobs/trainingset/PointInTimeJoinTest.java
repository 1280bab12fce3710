package io.mljobs.jobs.trainingset;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mljobs.common.table.TableRef;
import io.mljobs.common.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The as-of join on a hand-computed table. Feature rows of customer c1 (day 2026-11-01, value f):
 *
 * <pre>
 *   row  event_ts  created_ts  f
 *   F1   10:00     10:00       1
 *   F2   12:00     12:00       2
 *   F3   13:00     20:00       3   (backfilled: event before, created after later labels)
 *   F4   15:00     15:00       4
 *   F5   15:00     15:30       5   (ties F4 on event_ts, created later)
 * </pre>
 *
 * and of c2: G1 at 11-01 08:00 (f = 10). TTL 24h. Each label, with the feature row it must get:
 *
 * <pre>
 *   label  entity  label time        event-time only   with created_ts   why
 *   L1     c1      09:00             -  no_history     -  no_history     before any feature row
 *   L2     c1      10:00             F1                F1                event_ts = label time is used
 *   L3     c1      11:59             F1                F1
 *   L4     c1      14:00             F3                F2                F3 created 20:00: leakage
 *   L5     c1      21:00             F5                F5                tie on 15:00: created last
 *   L6     c1      15:10             F5                F4                F5 created 15:30 > 15:10
 *   L7     c3      12:00             -  no_history     -  no_history     entity without history
 *   L8     c2      11-02 08:00       G1                G1                exactly TTL old: used
 *   L9     c2      11-02 08:00:01    -  too_old        -  too_old        1 s beyond the TTL
 * </pre>
 */
@ExtendWith(SharedSpark.class)
class PointInTimeJoinTest {
  static final String FEATURES =
      "customer_id STRING, event_ts TIMESTAMP, created_ts TIMESTAMP, f INT, tag STRING";
  static final String LABELS = "label_id STRING, customer_id STRING, label_ts TIMESTAMP, y INT";

  static Timestamp ts(String time) {
    return Timestamp.valueOf(time.length() == 5 ? "2026-11-01 " + time + ":00" : time);
  }

  static Dataset<Row> features(SparkSession spark) {
    return frame(
        spark,
        FEATURES,
        row("c1", ts("10:00"), ts("10:00"), 1, "F1"),
        row("c1", ts("12:00"), ts("12:00"), 2, "F2"),
        row("c1", ts("13:00"), ts("20:00"), 3, "F3"),
        row("c1", ts("15:00"), ts("15:00"), 4, "F4"),
        row("c1", ts("15:00"), ts("15:30"), 5, "F5"),
        row("c2", ts("2026-11-01 08:00:00"), ts("2026-11-01 08:00:00"), 10, "G1"));
  }

  static Dataset<Row> labels(SparkSession spark) {
    return frame(
        spark,
        LABELS,
        row("L1", "c1", ts("09:00"), 0),
        row("L2", "c1", ts("10:00"), 1),
        row("L3", "c1", ts("11:59"), 0),
        row("L4", "c1", ts("14:00"), 1),
        row("L5", "c1", ts("21:00"), 0),
        row("L6", "c1", ts("15:10"), 0),
        row("L7", "c3", ts("12:00"), 1),
        row("L8", "c2", ts("2026-11-02 08:00:00"), 0),
        row("L9", "c2", ts("2026-11-02 08:00:01"), 1));
  }

  static FeatureJoinSpec spec(Optional<String> created, Duration ttl) {
    return new FeatureJoinSpec(
        "activity",
        TableRef.of("features.activity"),
        List.of("customer_id"),
        "event_ts",
        created,
        Optional.empty(),
        Optional.empty(),
        ttl,
        List.of("f", "tag"),
        List.of(),
        "mljobs.training-sets.t.feature-sets.activity");
  }

  /** label id -> "tag/status" of the joined rows (tag null unless matched). */
  static Map<String, String> chosen(Dataset<Row> joined) {
    Map<String, String> result = new TreeMap<>();
    for (Row r : joined.collectAsList()) {
      String id = r.getString(r.fieldIndex("label_id"));
      String previous =
          result.put(
              id,
              r.getString(r.fieldIndex("tag"))
                  + "/"
                  + r.getString(r.fieldIndex(PointInTimeJoin.statusColumn("activity"))));
      assertEquals(null, previous, "label " + id + " came out twice");
    }
    return result;
  }

  static Dataset<Row> join(SparkSession spark, Optional<String> created) {
    return PointInTimeJoin.join(
        labels(spark),
        "label_ts",
        features(spark),
        spec(created, Duration.ofHours(24)),
        List.of("f", "tag"),
        Optional.empty());
  }

  @Test
  void eachLabelGetsTheHandComputedRowByEventTime(SparkSession spark) {
    Map<String, String> expected = new TreeMap<>();
    expected.put("L1", "null/no_history");
    expected.put("L2", "F1/matched");
    expected.put("L3", "F1/matched");
    expected.put("L4", "F3/matched");
    expected.put("L5", "F5/matched");
    expected.put("L6", "F5/matched");
    expected.put("L7", "null/no_history");
    expected.put("L8", "G1/matched");
    expected.put("L9", "null/too_old");
    assertEquals(expected, chosen(join(spark, Optional.empty())));
  }

  @Test
  void aValueCreatedAfterTheLabelTimeIsNeverUsed(SparkSession spark) {
    Map<String, String> expected = new TreeMap<>();
    expected.put("L1", "null/no_history");
    expected.put("L2", "F1/matched");
    expected.put("L3", "F1/matched");
    // F3 (event 13:00) was backfilled at 20:00: the 14:00 label gets F2, not F3.
    expected.put("L4", "F2/matched");
    expected.put("L5", "F5/matched");
    // F5 was created at 15:30: the 15:10 label gets its tie partner F4.
    expected.put("L6", "F4/matched");
    expected.put("L7", "null/no_history");
    expected.put("L8", "G1/matched");
    expected.put("L9", "null/too_old");
    Dataset<Row> joined = join(spark, Optional.of("created_ts"));
    assertEquals(expected, chosen(joined));
    // The label columns come through unchanged, the feature columns follow, by their own names.
    assertEquals(
        List.of("label_id", "customer_id", "label_ts", "y", "f", "tag", "_pit_status_activity"),
        List.of(joined.columns()));
    Row l4 = joined.filter("label_id = 'L4'").first();
    assertEquals(2, l4.getInt(l4.fieldIndex("f")));
    assertEquals(1, l4.getInt(l4.fieldIndex("y")));
  }

  @Test
  void theTtlBoundaryIsInclusive(SparkSession spark) {
    // 24h exactly: used; 24h + 1 microsecond: too old.
    Dataset<Row> labels =
        frame(
            spark,
            LABELS,
            row("at", "c2", ts("2026-11-02 08:00:00"), 0),
            row("past", "c2", Timestamp.valueOf("2026-11-02 08:00:00.000001"), 0));
    Map<String, String> chosen =
        chosen(
            PointInTimeJoin.join(
                labels,
                "label_ts",
                features(spark),
                spec(Optional.empty(), Duration.ofHours(24)),
                List.of("f", "tag"),
                Optional.empty()));
    assertEquals(Map.of("at", "G1/matched", "past", "null/too_old"), chosen);
  }

  @Test
  void labelsOutsideTheFeatureCoverageGetNulls(SparkSession spark) {
    // Coverage 11-01 09:30 .. 11-01 23:59:59.999999: L1 (09:00) and L8/L9 (11-02) fall outside.
    PointInTimeJoin.Coverage coverage =
        new PointInTimeJoin.Coverage(
            ts("2026-11-01 09:30:00"), Timestamp.valueOf("2026-11-01 23:59:59.999999"));
    Map<String, String> chosen =
        chosen(
            PointInTimeJoin.join(
                labels(spark),
                "label_ts",
                features(spark),
                spec(Optional.empty(), Duration.ofHours(24)),
                List.of("f", "tag"),
                Optional.of(coverage)));
    assertEquals("null/outside_range", chosen.get("L1"));
    assertEquals("null/outside_range", chosen.get("L8"));
    assertEquals("null/outside_range", chosen.get("L9"));
    assertEquals("F1/matched", chosen.get("L2"));
  }

  @Test
  void manyFeatureRowsPerEntityNeverMultiplyTheLabels(SparkSession spark) {
    // 2,000 feature rows of one entity, 50 labels: 50 rows out, no join blow-up in the plan.
    List<Row> many = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      many.add(
          row(
              "c1",
              new Timestamp(ts("00:00").getTime() + i * 1000L),
              new Timestamp(ts("00:00").getTime() + i * 1000L),
              i,
              "t" + i));
    }
    List<Row> some = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      some.add(row("l" + i, "c1", new Timestamp(ts("00:00").getTime() + i * 40_000L + 500), 0));
    }
    Dataset<Row> joined =
        PointInTimeJoin.join(
            frame(spark, org.apache.spark.sql.types.StructType.fromDDL(LABELS), some),
            "label_ts",
            frame(spark, org.apache.spark.sql.types.StructType.fromDDL(FEATURES), many),
            spec(Optional.empty(), Duration.ofHours(24)),
            List.of("f", "tag"),
            Optional.empty());
    assertEquals(50, joined.count());
    // Label i at i*40 s + 0.5 s: the feature row of second i*40.
    for (Row r : joined.collectAsList()) {
      int i = Integer.parseInt(r.getString(0).substring(1));
      assertEquals(i * 40, r.getInt(r.fieldIndex("f")), r.toString());
    }
    String plan = joined.queryExecution().executedPlan().toString();
    assertEquals(false, plan.contains("Join"), plan);
  }
}
