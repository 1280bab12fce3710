package io.mljobs.jobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.Rows;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.DemoConfigRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * profile and suggest-checks on a small inline bronze table, declared as a dataset through {@code
 * --set} on top of the demo config.
 */
@ExtendWith(SharedSpark.class)
class ProfileJobTest {
  static final LocalDate DATE = LocalDate.of(2026, 11, 3);
  @TempDir Path tmp;
  private DemoConfigRunner demo;

  @BeforeEach
  void tinyDataset() {
    demo =
        new DemoConfigRunner(tmp)
            .with(
                "mljobs.datasets.tiny",
                "{ table = \"bronze.tiny\", partition-column = _run_date, checks = [] }");
  }

  /** Runs {@code job} on the tiny dataset for {@code date}. */
  private int run(String job, LocalDate date, String runId, Map<String, String> extra) {
    Map<String, String> overrides = new LinkedHashMap<>(extra);
    overrides.put("mljobs.jobs." + job + ".datasets", "[tiny]");
    return demo.run(job, date, runId, overrides);
  }

  private int run(String job, String runId, Map<String, String> extra) {
    return run(job, DATE, runId, extra);
  }

  private void writeTiny(SparkSession spark) {
    Rows.frame(
            spark,
            "id BIGINT, currency STRING, amount DOUBLE, _run_date STRING",
            Rows.row(1L, "EUR", 10.0, "2026-11-03"),
            Rows.row(2L, "EUR", 20.0, "2026-11-03"),
            Rows.row(3L, "USD", 30.0, "2026-11-03"),
            Rows.row(4L, null, 40.0, "2026-11-03"),
            Rows.row(5L, "GBP", 999.0, "2026-11-02")) // another day: not profiled
        .write()
        .format("delta")
        .save(table("bronze.tiny"));
  }

  private String table(String name) {
    return demo.table(name);
  }

  @Test
  void profilesTheRunDatesRowsIdempotently(SparkSession spark) {
    writeTiny(spark);
    assertEquals(0, run("profile", "p1", Map.of()), demo.err() + "\n" + demo.out());
    assertTrue(demo.out().contains("1 dataset(s), 3 column profile(s)"), demo.out());
    assertEquals(0, run("profile", "p2", Map.of()), demo.err() + "\n" + demo.out());

    List<Row> rows =
        spark
            .sql(
                "SELECT column, inferred_type, completeness, approx_distinct, min, max, mean,"
                    + " quantiles, histogram, run_id, rows, profiled_rows FROM delta.`"
                    + table("quality.profiles")
                    + "` WHERE dataset = 'tiny' AND run_date = DATE'2026-11-03' ORDER BY column")
            .collectAsList();
    assertEquals(3, rows.size(), "one row per column, bookkeeping columns left out: " + rows);
    Row amount = rows.get(0);
    assertEquals("amount", amount.getString(0));
    assertEquals("Fractional", amount.getString(1));
    assertEquals(1.0, amount.getDouble(2));
    assertEquals(10.0, amount.getDouble(4));
    assertEquals(40.0, amount.getDouble(5));
    assertEquals(25.0, amount.getDouble(6), 1e-9);
    assertEquals(100, amount.getList(7).size(), "numeric columns have percentiles 1..100");
    assertEquals(40.0, (Double) amount.getList(7).get(99));
    assertEquals("p2", amount.getString(9), "the re-run replaced the first run's rows");
    assertEquals(4L, amount.getLong(10));
    assertEquals(4L, amount.getLong(11), "below sample-rows every row is profiled");
    Row currency = rows.get(1);
    assertEquals("currency", currency.getString(0));
    assertEquals(0.75, currency.getDouble(2));
    assertNull(currency.get(4));
    assertTrue(
        currency.getString(8).contains("\"EUR\":{\"count\":2,\"ratio\":0.5}"),
        currency.getString(8));
  }

  @Test
  void aPartitionLargerThanSampleRowsIsProfiledFromASampleIntoAnOlderTable(SparkSession spark) {
    writeTiny(spark);
    // A profiles table written before profiled_rows existed: the run adds the column.
    Rows.frame(
            spark,
            "dataset STRING, run_date DATE, run_id STRING, column STRING, rows BIGINT",
            Rows.row("other", java.sql.Date.valueOf("2026-11-01"), "old", "x", 7L))
        .write()
        .format("delta")
        .save(table("quality.profiles"));

    assertEquals(
        0,
        run("profile", "s1", Map.of("mljobs.jobs.profile.sample-rows", "3")),
        demo.err() + "\n" + demo.out());
    List<Row> rows =
        spark
            .sql(
                "SELECT dataset, rows, profiled_rows FROM delta.`"
                    + table("quality.profiles")
                    + "` ORDER BY dataset, column")
            .collectAsList();
    assertEquals(4, rows.size(), "the old row and three new ones: " + rows);
    assertTrue(rows.get(0).isNullAt(2), "the old row has no profiled_rows: " + rows.get(0));
    for (Row row : rows.subList(1, 4)) {
      assertEquals(4L, row.getLong(1), "rows stays the partition's count");
      assertTrue(row.getLong(2) < 4L, "profiled from a sample: " + row);
    }
  }

  @Test
  void aRunDateWithoutRowsProfilesNothing(SparkSession spark) {
    writeTiny(spark);
    assertEquals(
        0,
        run("profile", "e1", Map.of("mljobs.jobs.profile.sample-rows", "0")),
        demo.err() + "\n" + demo.out());
    // 2026-11-04 has no rows: the run succeeds, says so, and replaces that date's profile with
    // none.
    assertEquals(
        0, run("profile", DATE.plusDays(1), "e2", Map.of()), demo.err() + "\n" + demo.out());
    assertTrue(demo.out().contains("1 dataset(s), 0 column profile(s)"), demo.out());
    assertEquals(
        0L,
        spark
            .sql(
                "SELECT * FROM delta.`"
                    + table("quality.profiles")
                    + "` WHERE run_date = DATE'2026-11-04'")
            .count());
  }

  @Test
  void aNegativeSampleSizeIsAConfigErrorNamingTheKey(SparkSession spark) {
    writeTiny(spark);
    assertEquals(2, run("profile", "bad", Map.of("mljobs.jobs.profile.sample-rows", "-5")));
    assertTrue(demo.err().contains("mljobs.jobs.profile.sample-rows"), demo.err());
  }

  @Test
  void suggestChecksPrintsABlockAndWritesNothing(SparkSession spark) throws Exception {
    writeTiny(spark);
    // Printed through the job's console, which is the runner's output (no System.out capture).
    int code =
        run("suggest-checks", "s1", Map.of("mljobs.jobs.suggest-checks.table", "bronze.tiny"));
    assertEquals(0, code, demo.err() + "\n" + demo.out());
    String printed = demo.out();
    assertTrue(printed.contains("mljobs.datasets.tiny.checks = ["), printed);
    assertTrue(printed.contains("# why: "), printed);
    assertTrue(printed.contains("{ type = completeness, column = \"id\" }"), printed);
    assertFalse(Files.exists(tmp.resolve("warehouse/quality")), "nothing written to quality/");
  }

  @Test
  void suggestChecksOnARunDateWithoutRowsSaysSoAndSucceeds(SparkSession spark) {
    writeTiny(spark);
    // 2026-11-04 has no rows (an empty run, e.g. a day nothing was delivered): Deequ's suggestion
    // runner fails on an empty partition, so the job must not call it.
    int code = run("suggest-checks", DATE.plusDays(1), "s-empty", Map.of());
    assertEquals(0, code, demo.err() + "\n" + demo.out());
    assertTrue(demo.out().contains("# No rows for tiny in "), demo.out());
    assertTrue(demo.out().contains("0 check suggestion(s) printed"), demo.out());
  }
}
