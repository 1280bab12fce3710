package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.demo.DemoDataSpec;
import io.mljobs.jobs.demo.DemoDataWriter;
import io.mljobs.jobs.demo.Feed;
import io.mljobs.jobs.demo.KafkaReplay;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka to features, both ways, against the real broker of scripts/services/kafka: the demo's
 * stream events of two days are published to a fresh topic one day at a time; after each day,
 * {@code ingest-stream} lands them in bronze and {@code stream-features} computes the feature set
 * on that bronze table incrementally. {@code build-features} then computes the same definition over
 * the same bronze table in one batch: every row equal but {@code created_ts}.
 */
@ExtendWith(SharedSpark.class)
class StreamFeaturesIT {
  private static final String SOURCE = "transactions_stream";
  private static final String BOOTSTRAP =
      ServiceEnv.get("MLJOBS_KAFKA_BOOTSTRAP", "127.0.0.1:59092");
  private static final LocalDate DAY1 = LocalDate.of(2026, 11, 1);
  private static final LocalDate DAY2 = DAY1.plusDays(1);
  private static final String SET =
      """
      { source = "bronze.transactions_stream", entity-keys = [customer_id], event-time = event_ts,
        pass-through = [transaction_id],
        features = [
          { name = amount, expr = "cast(amount as double)" }
          { name = txn_count_24h, agg = count, window = 24h, current-row = include }
          { name = amount_avg_7d, agg = avg, column = amount, window = 7d, current-row = exclude }
          { name = amount_max_24h, agg = max, column = amount, window = 24h, current-row = exclude }
          { name = merchants_7d, agg = distinct-count, column = merchant_id, window = 7d, current-row = include }
          { name = last_category, agg = last, column = merchant_category, window = 7d, current-row = exclude }
          { name = secs_since_prev, agg = time-since-previous, window = 7d }
        ] }
      """;

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String job, String runId, Path warehouse, String topic, String... extra) {
    out.reset();
    err.reset();
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("mljobs.warehouse", warehouse.toString());
    overrides.put("mljobs.jobs.ingest-stream.sources", "[" + SOURCE + "]");
    overrides.put("mljobs.sources." + SOURCE + ".bootstrap-servers", BOOTSTRAP);
    overrides.put("mljobs.sources." + SOURCE + ".topics", "[\"" + topic + "\"]");
    overrides.put("mljobs.feature-sets.stream_activity", SET);
    overrides.put("mljobs.jobs." + job + ".feature-sets", "[stream_activity]");
    for (String kv : extra) {
      overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    if (job.equals("ingest-stream")) {
      overrides.remove("mljobs.jobs.ingest-stream.feature-sets");
    }
    JobRunner runner =
        new JobRunner(
            JobRegistry.discover(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    ConfigRequest config =
        new ConfigRequest(
            ServiceEnv.projectRoot().resolve("conf/pipelines/demo"), "local", null, overrides);
    return runner.run(new JobInvocation(job, config, DAY2, runId, false));
  }

  private String log() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  private static List<String> content(SparkSession spark, Path warehouse, String table) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.resolve("features/" + table).toString())
        .drop("created_ts")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  @Test
  void kafkaEventsStreamedIntoFeaturesEqualTheSameEventsBuiltInBatch(SparkSession spark)
      throws Exception {
    Path data = tmp.resolve("data");
    new DemoDataWriter(new DemoDataSpec(7L, DAY1, 2, 1_000, 200, 20, null, 0.0)).write(data);
    String topic = "mljobs.it.features-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaReplay replay = KafkaReplay.to(BOOTSTRAP);
    replay.createTopic(topic, 2);
    Path warehouse = tmp.resolve("wh");
    // The demo delivers some events late; a wide late-delay applies them all, so both ways see
    // the same events (the late path is StreamFeaturesJobTest's).
    String delay = "mljobs.jobs.stream-features.late-delay=30d";

    int batches = 0;
    for (LocalDate day : List.of(DAY1, DAY2)) {
      long published = replay.replay(topic, List.of(data.resolve(Feed.STREAM.relativePath(day))));
      assertTrue(published > 0, "demo stream events of " + day);
      assertEquals(0, run("ingest-stream", "ingest-" + day, warehouse, topic), log());
      assertEquals(0, run("stream-features", "stream-" + day, warehouse, topic, delay), log());
      assertTrue(log().contains("stream_activity: "), log());
      assertTrue(!log().contains("later than the watermark"), log());
      batches++;
    }
    assertEquals(2, batches);
    assertEquals(
        0,
        run(
            "build-features",
            "batch",
            warehouse,
            topic,
            "mljobs.feature-sets.stream_activity.table=features.stream_activity_batch",
            "mljobs.jobs.build-features.from=" + DAY1,
            "mljobs.jobs.build-features.to=" + DAY2),
        log());
    long bronze =
        spark.read().format("delta").load(warehouse.resolve("bronze/" + SOURCE).toString()).count();
    List<String> built = content(spark, warehouse, "stream_activity_batch");
    List<String> streamed = content(spark, warehouse, "stream_activity");
    assertTrue(built.size() > 100, "rows: " + built.size());
    assertTrue(built.size() <= bronze, built.size() + " rows of " + bronze + " events");
    assertEquals(built, streamed);
  }
}
