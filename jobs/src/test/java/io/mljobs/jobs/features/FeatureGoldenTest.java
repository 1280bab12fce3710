package io.mljobs.jobs.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mljobs.common.testing.SharedSpark;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The windowed aggregations against pandas' rolling windows on 3,280 generated events: 4 customers
 * of 70 and one skewed customer of 3,000 (up to 63 events in one 1h window, 1,029 in 24h) over
 * three days ({@code src/test/resources/features/golden.py} makes both CSV files; see its header
 * for the conventions). Tolerance: 1e-9 relative to max(1, |value|).
 */
@ExtendWith(SharedSpark.class)
class FeatureGoldenTest {
  static final String FEATURES =
      """
      source = "silver.events"
      entity-keys = [customer_id]
      event-time = event_ts
      source-date-column = event_date
      pass-through = [transaction_id]
      features = [
        { name = cnt_1h, agg = count, window = 1h, current-row = include }
        { name = cnt_prev_24h, agg = count, window = 24h, current-row = exclude }
        { name = sum_prev_24h, agg = sum, column = amount, window = 24h, current-row = exclude }
        { name = avg_24h, agg = avg, column = amount, window = 24h, current-row = include }
        { name = avg_prev_24h, agg = avg, column = amount, window = 24h, current-row = exclude }
        { name = min_prev_1h, agg = min, column = amount, window = 1h, current-row = exclude }
        { name = max_1h, agg = max, column = amount, window = 1h, current-row = include }
        { name = sd_24h, agg = stddev, column = amount, window = 24h, current-row = include }
        { name = merchants_24h, agg = distinct-count, column = merchant_id, window = 24h, current-row = include }
        { name = last_prev_1h, agg = last, column = amount, window = 1h, current-row = exclude }
        { name = secs_prev_24h, agg = time-since-previous, window = 24h }
      ]
      """;

  static final List<String> COLUMNS =
      List.of(
          "cnt_1h",
          "cnt_prev_24h",
          "sum_prev_24h",
          "avg_24h",
          "avg_prev_24h",
          "min_prev_1h",
          "max_1h",
          "sd_24h",
          "merchants_24h",
          "last_prev_1h",
          "secs_prev_24h");

  private static String resource(String name) throws URISyntaxException {
    return Path.of(FeatureGoldenTest.class.getResource("/features/" + name).toURI()).toString();
  }

  @Test
  void everyAggregationMatchesPandasRollingWindows() throws Exception {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> events =
        spark
            .read()
            .option("header", "true")
            .schema(
                "transaction_id STRING, customer_id STRING, merchant_id STRING, amount DOUBLE,"
                    + " event_ts TIMESTAMP, event_date DATE")
            .csv(resource("events.csv"));
    Dataset<Row> golden =
        spark
            .read()
            .option("header", "true")
            .schema(
                "transaction_id STRING, cnt_1h LONG, cnt_prev_24h LONG, sum_prev_24h DOUBLE,"
                    + " avg_24h DOUBLE, avg_prev_24h DOUBLE, min_prev_1h DOUBLE, max_1h DOUBLE,"
                    + " sd_24h DOUBLE, merchants_24h LONG, last_prev_1h DOUBLE,"
                    + " secs_prev_24h DOUBLE")
            .csv(resource("golden.csv"));
    FeatureSetSpec spec = FeatureSpecs.parse(FEATURES);
    LocalDate from = LocalDate.of(2026, 11, 2);
    LocalDate to = LocalDate.of(2026, 11, 3);
    // As the job does: only the partitions the windows reach, then the range's rows.
    Dataset<Row> built =
        FeatureSetTransform.build(
            spec,
            events.where(FeatureSetTransform.sourceFilter(spec, from, to)),
            Map.of(),
            from,
            to,
            new Timestamp(0));
    Map<String, Row> expected = new HashMap<>();
    golden
        .join(events.select("transaction_id", "event_date"), "transaction_id")
        .where("event_date >= DATE'2026-11-02'")
        .collectAsList()
        .forEach(r -> expected.put(r.getAs("transaction_id"), r));
    List<Row> actual = built.collectAsList();
    assertEquals(expected.size(), actual.size(), "one row per event of 11-02..11-03");
    int compared = 0;
    for (Row a : actual) {
      Row e = expected.get((String) a.getAs("transaction_id"));
      assertNotNull(e, a.toString());
      for (String c : COLUMNS) {
        Object want = e.getAs(c);
        Object got = a.getAs(c);
        String what = a.getAs("transaction_id") + "." + c;
        if (want == null) {
          assertNull(got, what);
        } else {
          double w = ((Number) want).doubleValue();
          assertNotNull(got, what);
          assertEquals(w, ((Number) got).doubleValue(), 1e-9 * Math.max(1, Math.abs(w)), what);
        }
        compared++;
      }
    }
    assertEquals(expected.size() * COLUMNS.size(), compared);
  }
}
