package io.mljobs.jobs.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.Await;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * stream-features against build-features on real Delta tables: the same events, streamed in several
 * micro-batches (out of order, an entity with no history, events on window and day edges) and built
 * in one batch, give the same feature rows; a replayed micro-batch changes nothing; an event later
 * than the watermark is counted and reported with the dates to rebuild, and that rebuild takes it
 * in; a continuous run applies each delivery as it comes; bad config exits 2 naming the key.
 */
@ExtendWith(SharedSpark.class)
class StreamFeaturesJobTest {
  private static final String SOURCE_DDL =
      "transaction_id STRING, customer_id STRING, merchant_id STRING, amount DECIMAL(12,2),"
          + " event_ts TIMESTAMP, event_date DATE";

  /** Every aggregation, both current-row modes, a row-level feature and an as-of lookup. */
  private static final String CONF =
      """
      mljobs {
        pipeline = stream-test
        feature-sets.activity {
          source = "bronze.events"
          source-date-column = event_date
          entity-keys = [customer_id]
          event-time = event_ts
          pass-through = [transaction_id]
          features = [
            { name = amount, expr = "cast(amount as double)" }
            { name = hour_of_day, expr = "hour(event_ts)" }
            { name = cnt_24h, agg = count, window = 24h, current-row = include }
            { name = sum_24h, agg = sum, column = amount, window = 24h, current-row = include }
            { name = avg_prev_2d, agg = avg, column = amount, window = 2d, current-row = exclude }
            { name = min_1h, agg = min, column = amount, window = 1h, current-row = include }
            { name = max_prev_24h, agg = max, column = amount, window = 24h, current-row = exclude }
            { name = std_2d, agg = stddev, column = amount, window = 2d, current-row = include }
            { name = merchants_2d, agg = distinct-count, column = merchant_id, window = 2d, current-row = include }
            { name = last_merchant, agg = last, column = merchant_id, window = 2d, current-row = exclude }
            { name = secs_since_prev, agg = time-since-previous, window = 2d }
            { name = tier, lookup = merchants, column = tier }
          ]
          lookups.merchants {
            table = "bronze.merchants"
            keys = [merchant_id]
            as-of = valid_from
          }
        }
      }
      """;

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private String manifestPath;

  private static Row event(String id, String customer, String merchant, double amount, String ts) {
    Instant at = Instant.parse(ts);
    return RowFactory.create(
        id,
        customer,
        merchant,
        BigDecimal.valueOf(amount).setScale(2),
        Timestamp.from(at),
        java.sql.Date.valueOf(at.toString().substring(0, 10)));
  }

  /**
   * First delivery: c1 and c2 with history on 11-01, c3 on 11-02 only; c1 exactly 24h after its
   * first event (the window's lower edge).
   */
  private static List<Row> first() {
    return List.of(
        event("a1", "c1", "m1", 10, "2026-11-01T08:00:00Z"),
        event("a2", "c1", "m2", 25, "2026-11-01T20:00:00Z"),
        event("a3", "c1", "m1", 7.5, "2026-11-02T07:59:59Z"),
        event("a4", "c2", "m3", 100, "2026-11-01T10:00:00Z"),
        event("a5", "c2", "m3", 40, "2026-11-02T10:00:00Z"),
        event("a6", "c3", "m2", 12, "2026-11-02T12:00:00Z"),
        event("b1", "c1", "m3", 30, "2026-11-02T08:00:00Z"));
  }

  /**
   * Second delivery: c1 at the last second of the day; c3 and c2 out of order, before the latest
   * event seen (12:00) but within the watermark (late-delay 1h: 11:00); c4, an entity with no
   * history.
   */
  private static List<Row> second() {
    return List.of(
        event("b2", "c1", "m1", 5, "2026-11-02T23:59:59Z"),
        event("b3", "c3", "m1", 3, "2026-11-02T11:30:00Z"),
        event("b4", "c4", "m2", 55, "2026-11-02T15:00:00Z"),
        event("b5", "c2", "m2", 60, "2026-11-02T11:15:00Z"));
  }

  private void append(List<Row> rows) {
    SharedSpark.session()
        .createDataFrame(rows, StructType.fromDDL(SOURCE_DDL))
        .write()
        .format("delta")
        .mode("append")
        .partitionBy("event_date")
        .save(tmp.resolve("warehouse/bronze/events").toString());
  }

  private void merchants() {
    List<Row> rows =
        List.of(
            RowFactory.create("m1", "low", java.sql.Date.valueOf("2026-10-01")),
            RowFactory.create("m1", "high", java.sql.Date.valueOf("2026-11-02")),
            RowFactory.create("m2", "mid", java.sql.Date.valueOf("2026-10-15")),
            RowFactory.create("m3", "low", java.sql.Date.valueOf("2026-11-02")));
    SharedSpark.session()
        .createDataFrame(
            rows, StructType.fromDDL("merchant_id STRING, tier STRING, valid_from DATE"))
        .write()
        .format("delta")
        .save(tmp.resolve("warehouse/bronze/merchants").toString());
  }

  private int run(String job, String runId, Map<String, String> sets) throws Exception {
    out.reset();
    err.reset();
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    Path dir = Files.createDirectories(tmp.resolve("pipeline"));
    Files.writeString(dir.resolve("pipeline.conf"), CONF);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("mljobs.warehouse", tmp.resolve("warehouse").toString());
    overrides.putAll(sets);
    int code =
        new JobRunner(
                JobRegistry.of(new BuildFeaturesJob(), new StreamFeaturesJob()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(
                new JobInvocation(
                    job,
                    new ConfigRequest(dir, "local", root.resolve("conf"), overrides),
                    LocalDate.of(2026, 11, 2),
                    runId,
                    false));
    manifestPath =
        out.toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("Run manifest: "))
            .findFirst()
            .map(l -> l.split("Run manifest: ")[1])
            .orElse(null);
    return code;
  }

  private int stream(String runId) throws Exception {
    return run("stream-features", runId, Map.of());
  }

  /** build-features over 11-01..11-02 into {@code table}. */
  private int build(String runId, String table) throws Exception {
    return run(
        "build-features",
        runId,
        Map.of(
            "mljobs.feature-sets.activity.table", table,
            "mljobs.jobs.build-features.from", "2026-11-01",
            "mljobs.jobs.build-features.to", "2026-11-02"));
  }

  private RunManifest manifest() throws Exception {
    return ManifestJson.read(Files.readString(Path.of(manifestPath)));
  }

  private String log() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  private Dataset<Row> table(String name) {
    return SharedSpark.session()
        .read()
        .format("delta")
        .load(tmp.resolve("warehouse/features/" + name).toString());
  }

  /**
   * Every row of the table as text, all columns but created_ts (when the values were computed: the
   * build's or the micro-batch's time, so it differs by design), sorted.
   */
  private List<String> content(String name) {
    Dataset<Row> rows = table(name).drop("created_ts");
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void aDayStreamedInMicroBatchesEqualsTheSameDayBuiltInOneBatch() throws Exception {
    merchants();
    append(first());
    assertEquals(0, stream("s1"), log());
    assertEquals(7, table("activity").count(), "the first batch's rows");
    append(second());
    assertEquals(0, stream("s2"), log());
    RunManifest second = manifest();
    assertEquals(1, ((Number) second.metrics().get("features.activity.batches")).intValue(), log());
    assertEquals(0L, ((Number) second.metrics().get("features.activity.late_events")).longValue());

    assertEquals(0, build("b", "features.activity_batch"), log());
    List<String> batch = content("activity_batch");
    List<String> streamed = content("activity");
    assertEquals(11, batch.size(), "one row per event on 11-01 and 11-02");
    assertEquals(batch, streamed, "streamed and built rows, all columns but created_ts");
    assertEquals(
        table("activity").schema().toDDL(),
        table("activity_batch").schema().toDDL(),
        "the same layout");
    assertEquals(
        List.of("feature_date"),
        partitionColumns("activity"),
        "partitioned by feature_date, as build-features writes");

    // The second batch recomputed c3's 12:00 row, which its out-of-order 11:30 event precedes.
    Row c3 = table("activity").where("transaction_id = 'a6'").first();
    assertEquals(2L, (long) c3.getAs("cnt_24h"));
    assertEquals(1800.0, (double) c3.getAs("secs_since_prev"), 0.0);
    // c1 at 11-02 08:00: the window (11-01 08:00, 11-02 08:00] leaves out the 08:00 event a day
    // before.
    Row b1 = table("activity").where("transaction_id = 'b1'").first();
    assertEquals(3L, (long) b1.getAs("cnt_24h"));
    // c4 has no history: counted alone, nothing before it.
    Row b4 = table("activity").where("transaction_id = 'b4'").first();
    assertEquals(1L, (long) b4.getAs("cnt_24h"));
    assertTrue(b4.isNullAt(b4.fieldIndex("secs_since_prev")), b4.toString());
  }

  @Test
  void dailySnapshotsStreamedInMicroBatchesEqualTheSameDaysBuiltInOneBatch() throws Exception {
    Map<String, String> daily =
        Map.of(
            "mljobs.feature-sets.activity.mode",
            "daily-snapshot",
            "mljobs.feature-sets.activity.pass-through",
            "[]",
            "mljobs.feature-sets.activity.features",
            "[{ name = cnt_24h, agg = count, window = 24h, current-row = include },"
                + " { name = sum_2d, agg = sum, column = amount, window = 2d, current-row = include },"
                + " { name = last_merchant, agg = last, column = merchant_id, window = 2d,"
                + " current-row = include },"
                + " { name = secs_since_prev, agg = time-since-previous, window = 2d }]");
    merchants(); // declared (unused here), so it must exist
    append(first());
    assertEquals(0, run("stream-features", "d1", daily), log());
    append(second());
    assertEquals(0, run("stream-features", "d2", daily), log());
    Map<String, String> build = new LinkedHashMap<>(daily);
    build.put("mljobs.feature-sets.activity.table", "features.activity_batch");
    build.put("mljobs.jobs.build-features.from", "2026-11-01");
    // A snapshot counts an event towards the 2 days after its own (lookback of the 2d window).
    build.put("mljobs.jobs.build-features.to", "2026-11-04");
    assertEquals(0, run("build-features", "db", build), log());
    List<String> built = content("activity_batch");
    // c1, c2 on 11-01..11-03 and c3, c4 on 11-02..11-03: on 11-04 the 2d window (11-03 00:00,
    // 11-05 00:00) holds no event, so no row.
    assertEquals(10, built.size(), built.toString());
    assertEquals(built, content("activity"));
  }

  @Test
  void aContinuousRunAppliesEachDeliveryInItsOwnMicroBatches() throws Exception {
    merchants();
    append(first());
    java.util.concurrent.atomic.AtomicInteger code =
        new java.util.concurrent.atomic.AtomicInteger(-1);
    Thread job =
        new Thread(
            () -> {
              try {
                code.set(
                    run(
                        "stream-features",
                        "continuous",
                        Map.of(
                            "mljobs.jobs.stream-features.trigger", "continuous",
                            "mljobs.jobs.stream-features.interval", "1s")));
              } catch (Exception e) {
                code.set(-2);
              }
            });
    job.start();
    try {
      Await.until(
          "the first delivery in the feature table (" + code.get() + ")",
          Duration.ofMinutes(3),
          () -> rowsNow("activity") == 7);
      append(second());
      Await.until(
          "the second delivery in the feature table",
          Duration.ofMinutes(3),
          () -> rowsNow("activity") == 11);
    } finally {
      for (var query : SharedSpark.session().streams().active()) {
        query.stop();
      }
      job.join(60_000);
    }
    assertEquals(0, code.get(), log());
    RunManifest manifest = manifest();
    assertTrue(
        ((Number) manifest.metrics().get("features.activity.batches")).intValue() >= 2,
        manifest.metrics().toString());
    assertEquals(0, build("b", "features.activity_batch"), log());
    assertEquals(content("activity_batch"), content("activity"));
  }

  /** The table's rows now, or -1 while it has no first commit. */
  private long rowsNow(String name) {
    try {
      return table(name).count();
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      return -1;
    }
  }

  private List<String> partitionColumns(String name) {
    return SharedSpark.session()
        .sql("DESCRIBE DETAIL delta.`" + tmp.resolve("warehouse/features/" + name) + "`")
        .first()
        .getList(
            SharedSpark.session()
                .sql("DESCRIBE DETAIL delta.`" + tmp.resolve("warehouse/features/" + name) + "`")
                .first()
                .fieldIndex("partitionColumns"))
        .stream()
        .map(Object::toString)
        .toList();
  }

  @Test
  void aReplayedMicroBatchOrARerunChangesNothing() throws Exception {
    merchants();
    append(first());
    assertEquals(0, stream("r1"), log());
    append(second());
    assertEquals(0, stream("r2"), log());
    List<String> before = content("activity");
    long version = latestVersion("activity");

    // A crash after the Delta commit but before Structured Streaming recorded the batch as done:
    // the restarted query runs batch 1 again with the same id and the same events.
    Path commits = tmp.resolve("warehouse/_checkpoints/stream-features/activity/commits");
    try (Stream<Path> files = Files.list(commits)) {
      Path last =
          files
              .filter(p -> p.getFileName().toString().matches("\\d+"))
              .max((a, b) -> Long.compare(id(a), id(b)))
              .orElseThrow();
      assertEquals(1L, id(last));
      Files.delete(last);
      Files.deleteIfExists(last.resolveSibling("." + last.getFileName() + ".crc"));
    }
    assertEquals(0, stream("r3"), log());
    RunManifest replay = manifest();
    assertEquals(1, ((Number) replay.metrics().get("features.activity.batches")).intValue());
    assertEquals(
        1, ((Number) replay.metrics().get("features.activity.batches_replayed")).intValue());
    assertEquals(version, latestVersion("activity"), "Delta skipped the replayed commit");
    assertEquals(before, content("activity"));

    // Nothing new: no batch, no commit.
    assertEquals(0, stream("r4"), log());
    assertEquals(version, latestVersion("activity"));
    assertEquals(11, table("activity").count());
    assertEquals(11, table("activity").select("transaction_id").distinct().count());
  }

  private static long id(Path file) {
    return Long.parseLong(file.getFileName().toString());
  }

  private long latestVersion(String name) {
    return SharedSpark.session()
        .sql("DESCRIBE HISTORY delta.`" + tmp.resolve("warehouse/features/" + name) + "` LIMIT 1")
        .first()
        .getLong(0);
  }

  @Test
  void anEventLaterThanTheWatermarkIsCountedReportedAndTakenInByTheRebuildItNames()
      throws Exception {
    merchants();
    append(first());
    append(second());
    assertEquals(0, stream("w1"), log());
    List<String> before = content("activity");
    // Latest event seen: 11-02 23:59:59, so the watermark is 22:59:59: 06:00 is late.
    append(List.of(event("late", "c2", "m1", 999, "2026-11-02T06:00:00Z")));
    assertEquals(0, stream("w2"), log());
    assertTrue(
        log()
            .contains(
                "1 event(s) arrived later than the watermark (late-delay PT1H): their rows were"
                    + " not recomputed for them; they are in bronze.events: run build-features"
                    + " --from 2026-11-02 --to 2026-11-02 to include them"),
        log());
    RunManifest late = manifest();
    assertEquals(1L, ((Number) late.metrics().get("features.activity.late_events")).longValue());
    assertEquals("2026-11-02..2026-11-02", late.metrics().get("features.activity.late_dates"));
    assertEquals(before, content("activity"), "the late event changed nothing");

    // The rebuild the message names takes it in: the table then equals a batch build of all.
    assertEquals(
        0,
        run(
            "build-features",
            "fix",
            Map.of(
                "mljobs.jobs.build-features.from", "2026-11-02",
                "mljobs.jobs.build-features.to", "2026-11-02")),
        log());
    assertEquals(0, build("all", "features.activity_batch"), log());
    assertNotEquals(before, content("activity"));
    assertEquals(content("activity_batch"), content("activity"));
    assertEquals(1, table("activity").where("transaction_id = 'late'").count());
  }

  @Test
  void badConfigExitsTwoNamingTheKey() throws Exception {
    assertEquals(
        2, run("stream-features", "bad1", Map.of("mljobs.jobs.stream-features.late-delay", "-5m")));
    assertTrue(
        log()
            .contains(
                "Config key 'mljobs.jobs.stream-features.late-delay' must be a duration of 0 or"
                    + " more"),
        log());
    assertEquals(
        2, run("stream-features", "bad2", Map.of("mljobs.jobs.stream-features.trigger", "often")));
    assertTrue(log().contains("mljobs.jobs.stream-features.trigger"), log());
    assertEquals(
        2, run("stream-features", "bad3", Map.of("mljobs.jobs.stream-features.watermark", "1h")));
    assertTrue(log().contains("mljobs.jobs.stream-features.watermark"), log());

    // A feature on a column the source lacks: found from the table's schema before the stream
    // starts, nothing written.
    merchants();
    append(first());
    assertEquals(
        2,
        run(
            "stream-features",
            "bad4",
            Map.of(
                "mljobs.feature-sets.activity.features",
                "[{ name = top, agg = max, column = amount_eur, window = 1h, current-row ="
                    + " include }]")));
    assertTrue(
        log()
            .contains(
                "Config key 'mljobs.feature-sets.\"activity\".features.0.column' reads column"
                    + " 'amount_eur'"),
        log());
    assertTrue(!Files.exists(tmp.resolve("warehouse/features/activity")), "nothing written");
  }

  @Test
  void theEntityPredicateSelectsExactlyTheListedEntities() {
    List<Row> one = List.of(RowFactory.create("c'1"), RowFactory.create((Object) null));
    assertEquals(
        "`customer_id` IN ('c\\'1') OR `customer_id` IS NULL",
        FeatureStreamBatch.entityPredicate(List.of("customer_id"), one));
    List<Row> two = List.of(RowFactory.create("a", 1L), RowFactory.create(null, 2L));
    assertEquals(
        "(`k` <=> 'a' AND `n` <=> 1L) OR (`k` <=> NULL AND `n` <=> 2L)",
        FeatureStreamBatch.entityPredicate(List.of("k", "n"), two));
    List<Row> none = new ArrayList<>();
    assertEquals("false", FeatureStreamBatch.entityPredicate(List.of("k"), none));
  }
}
