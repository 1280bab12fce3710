package io.mljobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Profiles of a delivery whose event time is {@code timestamp_ntz} and whose text columns hold
 * numbers, flags and dates (issue 13, item 12). Deequ's profiler alone reported every one of the
 * date, timestamp and word columns as {@code Unknown}.
 */
@ExtendWith(SharedSpark.class)
class ProfileTypesTest {
  static Dataset<Row> delivery(SparkSession spark) {
    return spark.sql(
        "SELECT * FROM VALUES"
            + " (TIMESTAMP_NTZ'2026-06-01 10:00:00', TIMESTAMP'2026-06-01 10:00:00Z',"
            + "  DATE'2026-06-01', '12', '1.5', 'true', 'abc', '2026-06-01', '2026-06-01T10:00:00Z',"
            + "  CAST(1.25 AS DECIMAL(12,2)), 3L, CAST(NULL AS STRING)),"
            + " (TIMESTAMP_NTZ'2026-06-02 11:30:00', TIMESTAMP'2026-06-03 00:00:00Z',"
            + "  DATE'2026-06-02', ' -7', '2', 'FALSE', 'x1', '2026-06-02', '2026-06-02',"
            + "  CAST(2.5 AS DECIMAL(12,2)), 4L, CAST(NULL AS STRING)),"
            + " (NULL, NULL, NULL, NULL, '-3e2', NULL, '42', NULL, NULL, NULL, NULL,"
            + "  CAST(NULL AS STRING))"
            + " AS t(ntz, ts, d, int_s, frac_s, bool_s, str_s, date_s, ts_s, dec, n, nulls)");
  }

  @Test
  void timestampNtzAndTextColumnsGetTheirTypes(SparkSession spark) {
    DatasetProfiler.Profile profile =
        DatasetProfiler.lowCardinalityThreshold(10).profile(delivery(spark));
    System.out.print(profile.toText("delivery"));
    Map<String, ColumnProfile> c =
        profile.columns().stream()
            .collect(Collectors.toMap(ColumnProfile::column, Function.identity()));
    Map<String, String> types =
        profile.columns().stream()
            .collect(Collectors.toMap(ColumnProfile::column, ColumnProfile::inferredType));
    assertEquals(
        Map.ofEntries(
            Map.entry("ntz", "Timestamp"),
            Map.entry("ts", "Timestamp"),
            Map.entry("d", "Date"),
            Map.entry("int_s", "Integral"),
            Map.entry("frac_s", "Fractional"),
            Map.entry("bool_s", "Boolean"),
            Map.entry("str_s", "String"),
            Map.entry("date_s", "Date"),
            Map.entry("ts_s", "Timestamp"),
            Map.entry("dec", "Fractional"),
            Map.entry("n", "Integral"),
            Map.entry("nulls", "Unknown")),
        types);

    ColumnProfile ntz = c.get("ntz");
    assertEquals(2.0 / 3, ntz.completeness(), 1e-12);
    assertEquals(2, ntz.approxDistinct());
    // 2026-06-01T10:00:00Z = 1780308000, 2026-06-02T11:30:00Z = 1780399800 (wall clock as UTC)
    assertEquals(1780308000.0, ntz.min());
    assertEquals(1780399800.0, ntz.max());
    assertTrue(ntz.histogram().contains("\"2026-06-01 10:00:00\":{\"count\":1"), ntz.histogram());
    assertNull(ntz.mean());
    assertEquals(1780272000.0, c.get("d").min()); // 2026-06-01T00:00:00Z
    assertEquals(1780444800.0, c.get("ts").max()); // 2026-06-03T00:00:00Z
    assertEquals(java.util.List.of(), ntz.quantiles());
  }
}
