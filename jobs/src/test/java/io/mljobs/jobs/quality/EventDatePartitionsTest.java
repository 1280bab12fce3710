package io.mljobs.jobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event-date partitions end to end, through the command line as a user runs it: a generated
 * catch-up delivery (one run, rows of five days, some near midnight in other time zones) lands in
 * five event-date partitions of bronze, each row keeping the run date; check-quality, profile and
 * detect-drift work one event date at a time over a range ({@code --from/--to}) or over the dates a
 * run touched ({@code --dates touched}); bad expressions fail before any data is read (exit 2,
 * naming the key).
 */
@ExtendWith(SharedSpark.class)
class EventDatePartitionsTest {
  private static final LocalDate FIRST = LocalDate.of(2026, 6, 1);
  private static final LocalDate RUN_DATE = LocalDate.of(2026, 6, 6);
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private static final String PIPELINE =
      """
      mljobs {
        pipeline = event-dates
        schemas.events.columns = [
          { name = id, type = string, nullable = false }
          { name = event_ts, type = timestamp, nullable = false, format = "yyyy-MM-dd'T'HH:mm:ssXXX" }
          { name = amount, type = "decimal(12,2)" }
          { name = amount_cents, expr = "CAST(amount * 100 AS BIGINT)" }
        ]
        sources.events {
          type = files
          format = csv
          path = "RAW"
          glob = "*.csv"
          schema = events
          options { header = "true" }
          partition = { column = event_date, expr = "to_date(event_ts)" }
        }
        datasets.events {
          table = "bronze.events"
          partition-column = event_date
          checks = [
            { type = row-count, min = 1 }
            { type = non-negative, column = amount }
            { type = uniqueness, columns = [id] }
          ]
        }
        jobs.ingest-files.sources = [events]
        jobs.detect-drift.datasets.events {
          table = "silver.events"
          date-column = event_date
          reference { type = date-range, from = "2026-06-01", to = "2026-06-02" }
          columns = [amount]
          kinds { amount = numeric }
        }
      }
      """;

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs the command line ({@code scripts/mljobs <job> ...}) on {@code pipeline}. */
  private int mljobs(String pipeline, String job, LocalDate runDate, String... more)
      throws IOException {
    out.reset();
    err.reset();
    Path dir = Files.createDirectories(tmp.resolve("pipeline"));
    Files.writeString(
        dir.resolve("pipeline.conf"), pipeline.replace("RAW", tmp.resolve("raw").toString()));
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            job,
            "--config",
            dir.toString(),
            "--conf-dir",
            root.resolve("conf").toString(),
            "--env",
            "local",
            "--run-date",
            runDate.toString(),
            "--set",
            "mljobs.warehouse=" + tmp.resolve("warehouse")));
    args.addAll(List.of(more));
    return Main.execute(
        JobRegistry.discover(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args.toArray(String[]::new));
  }

  private int mljobs(String job, LocalDate runDate, String... more) throws IOException {
    return mljobs(PIPELINE, job, runDate, more);
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8) + "\n" + err.toString(StandardCharsets.UTF_8);
  }

  private String table(String name) {
    return tmp.resolve("warehouse").resolve(name.replace('.', '/')).toString();
  }

  /**
   * A delivery file: {@code perDay} rows for each of {@code days} days from {@code first}, their
   * times spread over the day and written in several UTC offsets (so a row's local date is not
   * always its UTC date). Returns id -> event_ts as written.
   */
  private Map<String, String> deliver(
      String file, LocalDate first, int days, int perDay, String negativeOn) throws IOException {
    Map<String, String> written = new TreeMap<>();
    StringBuilder csv = new StringBuilder("id,event_ts,amount\n");
    String[] offsets = {"Z", "+02:00", "-05:00"};
    for (int d = 0; d < days; d++) {
      LocalDate day = first.plusDays(d);
      for (int i = 0; i < perDay; i++) {
        // Minutes 5 past midnight to 23:55 UTC, shown in another offset: +02:00 moves late
        // evening rows to the next local day, -05:00 moves early rows to the previous one.
        OffsetDateTime utc =
            day.atTime(0, 5).plusMinutes(i * 1430L / perDay).atOffset(ZoneOffset.UTC);
        String offset = offsets[i % offsets.length];
        String ts =
            utc.withOffsetSameInstant(ZoneOffset.of(offset.equals("Z") ? "+00:00" : offset))
                .format(TIMESTAMP);
        String id = file + "-" + day + "-" + i;
        String amount = day.toString().equals(negativeOn) && i == 0 ? "-1.50" : (10 + i) + ".25";
        csv.append(id).append(',').append(ts).append(',').append(amount).append('\n');
        written.put(id, ts);
      }
    }
    Path raw = Files.createDirectories(tmp.resolve("raw"));
    Files.writeString(raw.resolve(file + ".csv"), csv.toString());
    return written;
  }

  private static LocalDate utcDate(String ts) {
    return OffsetDateTime.parse(ts).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
  }

  private TreeSet<String> distinct(SparkSession spark, String sql) {
    TreeSet<String> values = new TreeSet<>();
    spark.sql(sql).collectAsList().forEach(r -> values.add(String.valueOf(r.get(0))));
    return values;
  }

  @Test
  void aCatchUpDeliveryLandsInItsOwnDaysWithTheRunDateOnEveryRow(SparkSession spark)
      throws Exception {
    Map<String, String> written = new TreeMap<>();
    written.putAll(deliver("catch-up-a", FIRST, 5, 12, null));
    written.putAll(deliver("catch-up-b", FIRST.plusDays(2), 3, 6, null));
    assertEquals(0, mljobs("ingest-files", RUN_DATE), output());

    String bronze = table("bronze.events");
    assertEquals(
        List.of("event_date"),
        DeltaTable.forPath(spark, bronze).detail().select("partitionColumns").first().getList(0),
        "bronze is partitioned by the event date");
    for (int d = 0; d < 5; d++) {
      assertTrue(
          Files.isDirectory(Path.of(bronze, "event_date=" + FIRST.plusDays(d))),
          "a folder per event date");
    }
    List<Row> rows =
        spark
            .sql(
                "SELECT id, CAST(event_date AS STRING), amount, amount_cents,"
                    + " CAST(_run_date AS STRING) FROM delta.`"
                    + bronze
                    + "`")
            .collectAsList();
    assertEquals(written.size(), rows.size(), "every delivered row landed once");
    TreeSet<String> dates = new TreeSet<>();
    for (Row row : rows) {
      String ts = written.get(row.getString(0));
      assertEquals(utcDate(ts).toString(), row.getString(1), "event date of " + ts);
      assertEquals(
          ((BigDecimal) row.get(2)).movePointRight(2).longValueExact(),
          row.getLong(3),
          "computed amount_cents of " + row);
      assertEquals(RUN_DATE.toString(), row.getString(4), "the run date stays on every row");
      dates.add(row.getString(1));
    }
    // The offsets move some rows across midnight: the partitions follow the instant (UTC).
    assertEquals(5, dates.size(), dates.toString());
    assertTrue(
        written.values().stream()
            .anyMatch(ts -> !utcDate(ts).toString().equals(ts.substring(0, 10))),
        "some rows' local date differs from their UTC date");
  }

  @Test
  void fromToChecksAndPromotesEachDateAloneAndABadDateFailsAlone(SparkSession spark)
      throws Exception {
    deliver("late", FIRST, 5, 10, "2026-06-03");
    assertEquals(0, mljobs("ingest-files", RUN_DATE), output());
    long bronzeOfBadDate =
        spark
            .sql(
                "SELECT * FROM delta.`"
                    + table("bronze.events")
                    + "` WHERE event_date = DATE'2026-06-03'")
            .count();
    assertTrue(bronzeOfBadDate > 0);

    assertEquals(
        3,
        mljobs("check-quality", RUN_DATE, "--from", "2026-06-01", "--to", "2026-06-05"),
        output());
    assertTrue(output().contains("gate FAILED for [events 2026-06-03]"), output());
    // The four good dates are in silver, each with all of its bronze rows; the bad one is not.
    assertEquals(
        new TreeSet<>(List.of("2026-06-01", "2026-06-02", "2026-06-04", "2026-06-05")),
        distinct(
            spark,
            "SELECT DISTINCT CAST(event_date AS STRING) FROM delta.`"
                + table("silver.events")
                + "`"));
    assertEquals(
        spark
            .sql(
                "SELECT * FROM delta.`"
                    + table("bronze.events")
                    + "` WHERE event_date <> DATE'2026-06-03'")
            .count(),
        spark.read().format("delta").load(table("silver.events")).count());
    // One result per check per date, dated by the date checked; only 06-03's non-negative failed.
    assertEquals(
        new TreeSet<>(
            List.of("2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05")),
        distinct(
            spark,
            "SELECT DISTINCT CAST(run_date AS STRING) FROM delta.`"
                + table("quality.check_results")
                + "`"));
    assertEquals(
        new TreeSet<>(List.of("2026-06-03 non-negative(amount)")),
        distinct(
            spark,
            "SELECT concat(CAST(run_date AS STRING), ' ', check) FROM delta.`"
                + table("quality.check_results")
                + "` WHERE status = 'failure'"));

    // A re-run of the same run id writes nothing again (per-date idempotency).
    long silverVersion = version(spark, "silver.events");
    assertEquals(
        3,
        mljobs("check-quality", RUN_DATE, "--from", "2026-06-01", "--to", "2026-06-05"),
        output());
    assertEquals(silverVersion, version(spark, "silver.events"));

    // detect-drift over a range: each date against the reference, its rows dated by that date.
    assertEquals(
        0,
        mljobs("detect-drift", RUN_DATE, "--from", "2026-06-04", "--to", "2026-06-05"),
        output());
    assertEquals(
        new TreeSet<>(List.of("2026-06-04", "2026-06-05")),
        distinct(
            spark,
            "SELECT DISTINCT CAST(run_date AS STRING) FROM delta.`"
                + table("quality.drift")
                + "`"));
  }

  @Test
  void touchedDatesAreTheDatesOfTheRunsOwnRows(SparkSession spark) throws Exception {
    deliver("day-6", FIRST, 5, 8, null);
    assertEquals(0, mljobs("ingest-files", RUN_DATE), output());
    // The next day's delivery: a late file for 06-02 and the day's own rows.
    LocalDate next = RUN_DATE.plusDays(1);
    deliver("day-7-late", FIRST.plusDays(1), 1, 4, null);
    deliver("day-7", RUN_DATE, 1, 6, null);
    assertEquals(0, mljobs("ingest-files", next), output());

    assertEquals(0, mljobs("check-quality", next, "--dates", "touched"), output());
    TreeSet<String> expected = new TreeSet<>(List.of("2026-06-02", "2026-06-06"));
    assertEquals(
        expected,
        distinct(
            spark,
            "SELECT DISTINCT CAST(run_date AS STRING) FROM delta.`"
                + table("quality.check_results")
                + "`"));
    assertEquals(
        expected,
        distinct(
            spark,
            "SELECT DISTINCT CAST(event_date AS STRING) FROM delta.`"
                + table("silver.events")
                + "`"));
    // 06-02 holds the first delivery's rows and the late ones: the whole day is promoted.
    assertEquals(
        spark
            .sql(
                "SELECT * FROM delta.`"
                    + table("bronze.events")
                    + "` WHERE event_date = DATE'2026-06-02'")
            .count(),
        spark
            .sql(
                "SELECT * FROM delta.`"
                    + table("silver.events")
                    + "` WHERE event_date = DATE'2026-06-02'")
            .count());

    assertEquals(0, mljobs("profile", next, "--dates", "touched"), output());
    assertEquals(
        expected,
        distinct(
            spark,
            "SELECT DISTINCT CAST(run_date AS STRING) FROM delta.`"
                + table("quality.profiles")
                + "`"));

    // A dataset may compute its date partition from the table's columns (here into another
    // silver table): the one date of the range is checked and promoted, partitioned by it.
    String computed =
        PIPELINE.replace(
            "partition-column = event_date",
            "partition = { column = day, expr = \"to_date(event_ts)\" }\n"
                + "silver-table = \"silver.events_by_day\"");
    assertEquals(
        0,
        mljobs(
            computed,
            "check-quality",
            next,
            "--from",
            "2026-06-02",
            "--to",
            "2026-06-02",
            "--run-id",
            "by-day"),
        output());
    assertEquals(
        List.of("day"),
        DeltaTable.forPath(spark, table("silver.events_by_day"))
            .detail()
            .select("partitionColumns")
            .first()
            .getList(0));
    assertEquals(
        new TreeSet<>(List.of("2026-06-02 " + bronzeOf(spark, "2026-06-02"))),
        distinct(
            spark,
            "SELECT concat(CAST(day AS STRING), ' ', count(*)) FROM delta.`"
                + table("silver.events_by_day")
                + "` GROUP BY day"));
    // ... and an expression that does not fit the table fails naming the key (exit 2).
    assertEquals(
        2,
        mljobs(
            PIPELINE.replace(
                "partition-column = event_date",
                "partition = { column = day, expr = \"to_date(event_tsx)\" }"),
            "check-quality",
            next,
            "--run-id",
            "by-day-bad"),
        output());
    assertTrue(output().contains("mljobs.datasets.events.partition.expr"), output());
    assertTrue(output().contains("event_tsx"), output());

    // A day whose ingest delivered nothing touches no date: nothing is checked, exit 0.
    assertEquals(0, mljobs("check-quality", next.plusDays(1), "--dates", "touched"), output());
    assertTrue(output().contains("1 dataset(s), 0 check(s)"), output());
  }

  @Test
  void badExpressionsAndRangesFailBeforeDataIsReadNamingTheKey() throws Exception {
    deliver("any", FIRST, 1, 2, null);
    assertEquals(
        2,
        mljobs(
            PIPELINE.replace("to_date(event_ts)", "to_date(event_tss)"), "ingest-files", RUN_DATE),
        output());
    assertTrue(output().contains("partition.expr"), output());
    assertTrue(output().contains("'event_tss'"), output());
    assertFalse(Files.exists(tmp.resolve("warehouse/bronze")), "nothing was written");

    assertEquals(
        2,
        mljobs(
            PIPELINE.replace("CAST(amount * 100", "CAST(amount * 100)"), "ingest-files", RUN_DATE),
        output());
    assertTrue(output().contains("mljobs.schemas.events.columns[3].expr"), output());
    assertTrue(output().contains("not a valid Spark SQL expression"), output());

    assertEquals(
        2,
        mljobs(PIPELINE.replace("to_date(event_ts)", "to_dat(event_ts)"), "ingest-files", RUN_DATE),
        output());
    assertTrue(output().contains("'to_dat', which is not a Spark SQL function"), output());

    assertEquals(
        2,
        mljobs(
            PIPELINE.replace(
                "partition-column = event_date",
                "partition = { column = event_date, expr = \"to_date(event_ts\" }"),
            "check-quality",
            RUN_DATE),
        output());
    assertTrue(output().contains("partition.expr"), output());

    assertEquals(
        2,
        mljobs("check-quality", RUN_DATE, "--from", "2026-06-05", "--to", "2026-06-01"),
        output());
    assertTrue(output().contains("mljobs.jobs.check-quality.to"), output());
    assertTrue(output().contains("Swap them"), output());

    assertEquals(2, mljobs("profile", RUN_DATE, "--to", "2026-06-01"), output());
    assertTrue(output().contains("needs 'mljobs.jobs.profile.from'"), output());

    assertEquals(
        2,
        mljobs("detect-drift", RUN_DATE, "--dates", "touched", "--from", "2026-06-01"),
        output());
    assertTrue(output().contains("mljobs.jobs.detect-drift.dates"), output());
  }

  private long bronzeOf(SparkSession spark, String date) {
    return spark
        .sql(
            "SELECT * FROM delta.`"
                + table("bronze.events")
                + "` WHERE event_date = DATE'"
                + date
                + "'")
        .count();
  }

  private long version(SparkSession spark, String name) {
    return DeltaTable.forPath(spark, table(name)).history(1).select("version").first().getLong(0);
  }
}
