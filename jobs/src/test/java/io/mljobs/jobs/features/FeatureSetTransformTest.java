package io.mljobs.jobs.features;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mljobs.common.testing.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every aggregation and each window edge on a handful of events, against values computed by hand
 * (the comments show the sums). Windows: {@code (t - w, t]} included, {@code (t - w, t)} excluded,
 * in whole seconds; daily snapshots {@code [s - w, s)} with {@code s} the next midnight.
 */
@ExtendWith(SharedSpark.class)
class FeatureSetTransformTest {
  static final LocalDate DAY = LocalDate.of(2026, 11, 2);
  static final Timestamp CREATED = ts("2026-12-01T00:00:00Z");
  static final double EPS = 1e-9;

  static Timestamp ts(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  /**
   * c1: e0 the evening before (lookback only), then e1 10:00, e2 10:30, e3 and e4 both 11:00:00 (a
   * tie; e3 is exactly 1h after e1), e6 11:29:59 (1h - 1s after e2), e7 11:30:00 (exactly 1h after
   * e2). c2: one event.
   */
  static Dataset<Row> events(SparkSession spark) {
    return frame(
        spark,
        "transaction_id STRING, customer_id STRING, merchant_id STRING, amount DECIMAL(12,2),"
            + " event_ts TIMESTAMP, event_date DATE",
        ev("e0", "c1", "m4", "100", "2026-11-01T23:30:00Z"),
        ev("e1", "c1", "m1", "10", "2026-11-02T10:00:00Z"),
        ev("e2", "c1", "m2", "20", "2026-11-02T10:30:00Z"),
        ev("e3", "c1", "m1", "30", "2026-11-02T11:00:00Z"),
        ev("e4", "c1", "m3", "40", "2026-11-02T11:00:00Z"),
        ev("e6", "c1", "m2", "50", "2026-11-02T11:29:59Z"),
        ev("e7", "c1", "m2", "60", "2026-11-02T11:30:00Z"),
        ev("e8", "c2", "m9", "5", "2026-11-02T09:00:00Z"));
  }

  private static Row ev(String id, String customer, String merchant, String amount, String at) {
    Timestamp t = ts(at);
    return row(
        id,
        customer,
        merchant,
        new java.math.BigDecimal(amount),
        t,
        java.sql.Date.valueOf(at.substring(0, 10)));
  }

  static final String WINDOWS =
      """
      source = "silver.events"
      source-date-column = event_date
      entity-keys = [customer_id]
      event-time = event_ts
      pass-through = [transaction_id]
      features = [
        { name = amount, expr = "cast(amount as double)" }
        { name = hour, expr = "hour(event_ts)" }
        { name = cnt_inc, agg = count, window = 1h, current-row = include }
        { name = cnt_exc, agg = count, window = 1h, current-row = exclude }
        { name = sum_exc, agg = sum, column = amount, window = 1h, current-row = exclude }
        { name = avg_inc, agg = avg, column = amount, window = 1h, current-row = include }
        { name = min_exc, agg = min, column = amount, window = 1h, current-row = exclude }
        { name = max_inc, agg = max, column = amount, window = 1h, current-row = include }
        { name = sd_inc, agg = stddev, column = amount, window = 1h, current-row = include }
        { name = dc_inc, agg = distinct-count, column = merchant_id, window = 1h, current-row = include }
        { name = last_exc, agg = last, column = amount, window = 1h, current-row = exclude }
        { name = tsp, agg = time-since-previous, window = 1h }
        { name = cnt_1d, agg = count, window = 1d, current-row = include }
      ]
      """;

  private Map<String, Row> byId(Dataset<Row> rows) {
    Map<String, Row> m = new HashMap<>();
    rows.collectAsList().forEach(r -> m.put(r.getAs("transaction_id"), r));
    return m;
  }

  @Test
  void everyAggregationAtEachEventMatchesTheHandComputedValues() {
    SparkSession spark = SharedSpark.session();
    FeatureSetSpec spec = FeatureSpecs.parse(WINDOWS);
    Dataset<Row> out = FeatureSetTransform.build(spec, events(spark), Map.of(), DAY, DAY, CREATED);
    Map<String, Row> r = byId(out);
    // e0 is on the day before: read for the windows, not written.
    assertEquals(List.of("c1", "c2"), sortedKeys(r));
    assertEquals(7, r.size());
    // columns in order: keys, event_ts, created_ts, feature_date, hash, pass-through, features
    assertEquals(
        List.of(
            "customer_id",
            "event_ts",
            "created_ts",
            "feature_date",
            "definition_hash",
            "transaction_id",
            "amount",
            "hour",
            "cnt_inc",
            "cnt_exc",
            "sum_exc",
            "avg_inc",
            "min_exc",
            "max_inc",
            "sd_inc",
            "dc_inc",
            "last_exc",
            "tsp",
            "cnt_1d"),
        Arrays.asList(out.columns()));
    //                   cnt_inc cnt_exc sum_exc avg_inc min_exc max_inc sd_inc dc last tsp cnt_1d
    // e1: window (09:00, 10:00] = {e1}; 1d (11-01 10:00, 10:00] = {e0, e1}
    expect(r.get("e1"), 1L, 0L, null, 10.0, null, 10.0, null, 1L, null, null, 2L);
    // e2: (09:30, 10:30] = {e1, e2}; sd(10, 20) = sqrt(50)
    expect(r.get("e2"), 2L, 1L, 10.0, 15.0, 10.0, 20.0, Math.sqrt(50), 2L, 10.0, 1800.0, 3L);
    // e3, e4: (10:00, 11:00] = {e2, e3, e4}: e1 at exactly t - 1h is out; the tie e3/e4 is in
    // when included and out when excluded (same second); sd(20, 30, 40) = 10
    expect(r.get("e3"), 3L, 1L, 20.0, 30.0, 20.0, 40.0, 10.0, 3L, 20.0, 1800.0, 5L);
    expect(r.get("e4"), 3L, 1L, 20.0, 30.0, 20.0, 40.0, 10.0, 3L, 20.0, 1800.0, 5L);
    // e6 (11:29:59): (10:29:59, 11:29:59] = {e2, e3, e4, e6}: e2 one second inside the edge;
    // last before it: e3/e4 tie at 11:00 -> the larger value 40; sd(20..50) = sqrt(500/3)
    expect(r.get("e6"), 4L, 3L, 90.0, 35.0, 20.0, 50.0, Math.sqrt(500.0 / 3), 3L, 40.0, 1799.0, 6L);
    // e7 (11:30:00): (10:30, 11:30] = {e3, e4, e6, e7}: e2 exactly 1h old is out
    expect(r.get("e7"), 4L, 3L, 120.0, 45.0, 30.0, 60.0, Math.sqrt(500.0 / 3), 3L, 50.0, 1.0, 7L);
    // c2's only event: no history
    expect(r.get("e8"), 1L, 0L, null, 5.0, null, 5.0, null, 1L, null, null, 1L);
    Row e7 = r.get("e7");
    assertEquals(11, (int) e7.getAs("hour"));
    assertEquals(ts("2026-11-02T11:30:00Z"), e7.getAs("event_ts"));
    assertEquals(CREATED, e7.getAs("created_ts"));
    assertEquals(java.sql.Date.valueOf(DAY), e7.getAs("feature_date"));
    assertEquals(spec.definitionHash(), e7.getAs("definition_hash"));
  }

  private static List<String> sortedKeys(Map<String, Row> rows) {
    List<String> keys = new ArrayList<>();
    rows.values()
        .forEach(
            r -> {
              if (!keys.contains((String) r.getAs("customer_id"))) {
                keys.add(r.getAs("customer_id"));
              }
            });
    keys.sort(String::compareTo);
    return keys;
  }

  private static void expect(Row r, Object... values) {
    String[] names = {
      "cnt_inc",
      "cnt_exc",
      "sum_exc",
      "avg_inc",
      "min_exc",
      "max_inc",
      "sd_inc",
      "dc_inc",
      "last_exc",
      "tsp",
      "cnt_1d"
    };
    for (int i = 0; i < names.length; i++) {
      Object actual = r.getAs(names[i]);
      String what = r.getAs("transaction_id") + "." + names[i];
      if (values[i] == null) {
        assertNull(actual, what);
      } else if (values[i] instanceof Double d) {
        assertEquals(d, ((Number) actual).doubleValue(), EPS, what);
      } else {
        assertEquals(values[i], actual, what);
      }
    }
  }

  @Test
  void lookupsTakeTheReferenceRowValidAtTheEventTime() {
    SparkSession spark = SharedSpark.session();
    FeatureSetSpec spec =
        FeatureSpecs.parse(
            """
            source = "silver.events"
            entity-keys = [customer_id]
            event-time = event_ts
            pass-through = [transaction_id]
            features = [ { name = tier, lookup = merchants, column = risk_tier } ]
            lookups.merchants {
              table = "bronze.merchants", keys = [merchant_id], as-of = valid_from,
              tie-break = _ingested_at
            }
            """);
    Dataset<Row> merchants =
        frame(
            spark,
            "merchant_id STRING, risk_tier STRING, valid_from TIMESTAMP, _ingested_at TIMESTAMP",
            row("m1", "low", ts("2026-11-01T00:00:00Z"), ts("2026-12-01T00:00:00Z")),
            // two rows valid from the same instant: the later ingested wins
            row("m1", "mid", ts("2026-11-02T00:00:00Z"), ts("2026-12-01T00:00:00Z")),
            row("m1", "high", ts("2026-11-02T00:00:00Z"), ts("2026-12-02T00:00:00Z")),
            // valid from exactly e3/e4's time: in (as of means at or before)
            row("m3", "m3-tier", ts("2026-11-02T11:00:00Z"), ts("2026-12-01T00:00:00Z")),
            // valid from e7's time: e6, one second earlier, has none
            row("m2", "m2-tier", ts("2026-11-02T11:30:00Z"), ts("2026-12-01T00:00:00Z")));
    Map<String, Row> r =
        byId(
            FeatureSetTransform.build(
                spec, events(spark), Map.of("merchants", merchants), DAY, DAY, CREATED));
    assertEquals(7, r.size(), "one row per event: the as-of join multiplies none");
    assertEquals("high", r.get("e1").getAs("tier"));
    assertNull(r.get("e2").getAs("tier"));
    assertEquals("high", r.get("e3").getAs("tier"));
    assertEquals("m3-tier", r.get("e4").getAs("tier"));
    assertNull(r.get("e6").getAs("tier"));
    assertEquals("m2-tier", r.get("e7").getAs("tier"));
    assertNull(r.get("e8").getAs("tier"));
  }

  @Test
  void dailySnapshotsHoldOneRowPerEntityAndDayAsOfTheDaysEnd() {
    SparkSession spark = SharedSpark.session();
    FeatureSetSpec spec =
        FeatureSpecs.parse(
            """
            source = "silver.events"
            entity-keys = [customer_id]
            event-time = event_ts
            mode = daily-snapshot
            features = [
              { name = cnt_1d, agg = count, window = 1d, current-row = include }
              { name = sum_2d, agg = sum, column = amount, window = 2d, current-row = include }
              { name = last_2d, agg = last, column = amount, window = 2d, current-row = include }
              { name = tsp, agg = time-since-previous, window = 2d }
            ]
            """);
    // c3's event is exactly at midnight of 11-02: in 11-02's 1d window [11-02, 11-03) (lower edge
    // inclusive), not in 11-01's (upper edge exclusive), and at the 2d edge on 11-03.
    Dataset<Row> source =
        events(spark)
            .unionByName(
                frame(
                    spark,
                    "transaction_id STRING, customer_id STRING, merchant_id STRING,"
                        + " amount DECIMAL(12,2), event_ts TIMESTAMP, event_date DATE",
                    ev("e9", "c3", "m1", "7", "2026-11-02T00:00:00Z")));
    Dataset<Row> out =
        FeatureSetTransform.build(
            spec, source, Map.of(), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 3), CREATED);
    Map<String, Row> r = new HashMap<>();
    out.collectAsList()
        .forEach(x -> r.put(x.getAs("customer_id") + "@" + x.getAs("feature_date"), x));
    assertEquals(
        List.of(
            "c1@2026-11-01",
            "c1@2026-11-02",
            "c1@2026-11-03",
            "c2@2026-11-02",
            "c2@2026-11-03",
            "c3@2026-11-02",
            "c3@2026-11-03"),
        r.keySet().stream().sorted().toList());
    //                         cnt_1d sum_2d last_2d tsp (seconds to the next midnight)
    snapshot(r.get("c1@2026-11-01"), 1L, 100.0, 100.0, 1800.0); // e0 at 23:30
    // 1d [11-02, 11-03): e1..e7 (6); 2d [11-01, 11-03): + e0 = 310; last e7 = 60 at 11:30
    snapshot(r.get("c1@2026-11-02"), 6L, 310.0, 60.0, 45000.0);
    // 1d [11-03, 11-04): none; 2d [11-02, 11-04): 210
    snapshot(r.get("c1@2026-11-03"), 0L, 210.0, 60.0, 131400.0);
    snapshot(r.get("c2@2026-11-02"), 1L, 5.0, 5.0, 54000.0);
    snapshot(r.get("c2@2026-11-03"), 0L, 5.0, 5.0, 140400.0);
    snapshot(r.get("c3@2026-11-02"), 1L, 7.0, 7.0, 86400.0);
    snapshot(r.get("c3@2026-11-03"), 0L, 7.0, 7.0, 172800.0);
    assertEquals(ts("2026-11-02T23:59:59.999999Z"), r.get("c1@2026-11-02").getAs("event_ts"));
  }

  private static void snapshot(Row r, long count, double sum, double last, double tsp) {
    assertEquals(count, (long) r.getAs("cnt_1d"), r.toString());
    assertEquals(sum, (double) r.getAs("sum_2d"), EPS, r.toString());
    assertEquals(last, ((Number) r.getAs("last_2d")).doubleValue(), EPS, r.toString());
    assertEquals(tsp, (double) r.getAs("tsp"), EPS, r.toString());
  }

  @Test
  void theSourceFilterReadsOnlyTheDatesTheLongestWindowReaches() {
    SparkSession spark = SharedSpark.session();
    FeatureSetSpec spec = FeatureSpecs.parse(WINDOWS); // longest window 1d: one day back
    List<Row> kept =
        events(spark)
            .unionByName(
                frame(
                    spark,
                    "transaction_id STRING, customer_id STRING, merchant_id STRING,"
                        + " amount DECIMAL(12,2), event_ts TIMESTAMP, event_date DATE",
                    ev("old", "c1", "m1", "1", "2026-10-31T23:59:59Z"),
                    ev("next", "c1", "m1", "1", "2026-11-03T00:00:00Z")))
            .where(FeatureSetTransform.sourceFilter(spec, DAY, DAY))
            .collectAsList();
    List<String> ids = kept.stream().map(x -> (String) x.getAs("transaction_id")).sorted().toList();
    assertEquals(List.of("e0", "e1", "e2", "e3", "e4", "e6", "e7", "e8"), ids);
  }
}
