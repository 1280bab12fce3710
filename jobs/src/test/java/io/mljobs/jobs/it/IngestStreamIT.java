package io.mljobs.jobs.it;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.testing.Await;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.demo.DemoDataSpec;
import io.mljobs.jobs.demo.DemoDataSummary;
import io.mljobs.jobs.demo.DemoDataWriter;
import io.mljobs.jobs.demo.Feed;
import io.mljobs.jobs.demo.KafkaReplay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest-stream} against the real Kafka broker of scripts/services/kafka: demo events
 * replayed to fresh topics, available-now runs in-process, a continuous run in its own JVM
 * (spark-submit of the shaded job jar) killed with SIGKILL in the middle of a batch, and the bad
 * inputs (broker down, topic missing, poison message).
 */
@ExtendWith(SharedSpark.class)
class IngestStreamIT {
  private static final String SOURCE = "transactions_stream";
  private static final String BOOTSTRAP =
      ServiceEnv.get("MLJOBS_KAFKA_BOOTSTRAP", "127.0.0.1:59092");
  private static final LocalDate DAY1 = LocalDate.of(2026, 11, 1);
  private static final LocalDate DAY2 = DAY1.plusDays(1);
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  @TempDir static Path tmp;
  private static DemoDataSummary demo;
  private static Path data;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void brokerIsUpAndDemoEventsExist() throws Exception {
    try (Admin admin = admin()) {
      admin.listTopics().names().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(
          "No Kafka broker at "
              + BOOTSTRAP
              + ": run scripts/services/kafka start (scripts/test.sh does).",
          e);
    }
    data = tmp.resolve("data");
    // 2 days, 400 stream events a day, 1% of them poison messages.
    demo =
        new DemoDataWriter(new DemoDataSpec(11L, DAY1, 2, 2_000, 300, 30, null, 0.02)).write(data);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    return Admin.create(props);
  }

  private static String newTopic(String name, int partitions) {
    String topic = "mljobs.it." + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaReplay.to(BOOTSTRAP).createTopic(topic, partitions);
    return topic;
  }

  private static Path streamFile(LocalDate day) {
    return data.resolve(Feed.STREAM.relativePath(day));
  }

  private static long poison(LocalDate day) {
    return demo.file(Feed.STREAM.relativePath(day)).orElseThrow().malformedRows();
  }

  /** Transaction ids (message keys) of the well-formed events of {@code day}, in file order. */
  private static List<String> goodIds(LocalDate day) throws IOException {
    DemoDataSummary.FileEntry entry = demo.file(Feed.STREAM.relativePath(day)).orElseThrow();
    Set<Integer> bad = new HashSet<>(entry.malformedRowNumbers());
    List<String> lines = Files.readAllLines(streamFile(day));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!bad.contains(i + 1)) {
        ids.add(lines.get(i).substring(0, lines.get(i).indexOf('\t')));
      }
    }
    return ids;
  }

  private static Map<String, String> overrides(Path warehouse, String topic, String... extra) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("mljobs.warehouse", warehouse.toString());
    overrides.put("mljobs.jobs.ingest-stream.sources", "[" + SOURCE + "]");
    overrides.put("mljobs.sources." + SOURCE + ".bootstrap-servers", BOOTSTRAP);
    overrides.put("mljobs.sources." + SOURCE + ".topics", "[\"" + topic + "\"]");
    for (String kv : extra) {
      overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    return overrides;
  }

  /** One in-process run of ingest-stream on the demo pipeline; returns the exit code. */
  private int ingest(String runId, Map<String, String> overrides) {
    out.reset();
    err.reset();
    JobRunner runner =
        new JobRunner(
            JobRegistry.discover(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    ConfigRequest config =
        new ConfigRequest(
            ServiceEnv.projectRoot().resolve("conf/pipelines/demo"), "local", null, overrides);
    return runner.run(new JobInvocation("ingest-stream", config, DAY2, runId, false));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static Dataset<Row> table(SparkSession spark, Path warehouse, String layerAndName) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.resolve(layerAndName.replace('.', '/')).toString());
  }

  private static long rows(SparkSession spark, Path warehouse, String table) {
    Path path = warehouse.resolve(table.replace('.', '/'));
    return Files.isDirectory(path.resolve("_delta_log"))
        ? table(spark, warehouse, table).count()
        : 0;
  }

  private static OptionalLong lastBatch(Path checkpoint, String log) {
    Path folder = checkpoint.resolve(log);
    if (!Files.isDirectory(folder)) {
      return OptionalLong.empty();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d+"))
          .mapToLong(Long::parseLong)
          .max();
    } catch (IOException e) {
      return OptionalLong.empty(); // a file renamed under us; the next poll sees it
    }
  }

  /** A batch is in flight: its offsets are planned (offsets/N) but not committed (commits/N). */
  private static boolean batchInFlight(Path checkpoint) {
    OptionalLong planned = lastBatch(checkpoint, "offsets");
    OptionalLong committed = lastBatch(checkpoint, "commits");
    return planned.isPresent()
        && (committed.isEmpty() || planned.getAsLong() > committed.getAsLong());
  }

  /** Latest offset (next to be written) of every partition of {@code topic}. */
  private static Map<Integer, Long> endOffsets(String topic) throws Exception {
    try (Admin admin = admin()) {
      int partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(20, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .size();
      Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<Integer, Long> result = new TreeMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(20, TimeUnit.SECONDS)
          .forEach((tp, info) -> result.put(tp.partition(), info.offset()));
      return result;
    }
  }

  /** spark-submit of the shaded job jar in local mode, in its own JVM, output to {@code log}. */
  private static Process submit(Path log, List<String> jobArgs) throws IOException {
    Path root = ServiceEnv.projectRoot();
    Path jar = root.resolve("jobs/target/mljobs-jobs.jar");
    Path submit = ServiceEnv.sparkHome().resolve("bin/spark-submit");
    assertTrue(Files.isRegularFile(jar), "No " + jar + ": run mvn verify (package builds it).");
    assertTrue(
        Files.isExecutable(submit),
        "No spark-submit at " + submit + ": run scripts/services/spark-cluster install.");
    List<String> command =
        new ArrayList<>(
            List.of(
                submit.toString(),
                "--master",
                "local[2]",
                "--driver-memory",
                "1g",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--conf",
                "spark.ui.enabled=false",
                "--driver-java-options",
                "-Dlog4j2.configurationFile=file:" + root.resolve("conf/log4j2.properties"),
                "--class",
                "io.mljobs.jobs.Main",
                jar.toString()));
    command.addAll(jobArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("SPARK_HOME", ServiceEnv.sparkHome().toString());
    return builder.start();
  }

  private static JsonNode manifest(String stdout) throws IOException {
    int at = stdout.indexOf("Run manifest: ");
    assertTrue(at >= 0, stdout);
    String path =
        stdout.substring(at + "Run manifest: ".length()).lines().findFirst().orElseThrow();
    return new ObjectMapper().readTree(Files.readString(Path.of(path.strip())));
  }

  // ---- tests --------------------------------------------------------------------------------

  @Test
  void everyMessageLandsOnceAcrossAvailableNowAndAKilledContinuousRun(SparkSession spark)
      throws Exception {
    String topic = newTopic("stream", 3);
    Path warehouse = tmp.resolve("wh-exactly-once");
    Path checkpoint = warehouse.resolve("_checkpoints/ingest-stream/" + SOURCE);
    KafkaReplay replay = KafkaReplay.to(BOOTSTRAP);
    long poison1 = poison(DAY1);
    long poison2 = poison(DAY2);
    assertTrue(poison1 > 0 && poison2 > 0, "the demo stream has poison messages every day");

    // 1. N events, drained by an available-now run.
    long n = replay.replay(topic, List.of(streamFile(DAY1)));
    assertEquals(0, ingest("first", overrides(warehouse, topic)), stderr());
    assertTrue(
        stdout().contains((n - poison1) + " message(s) loaded, " + poison1 + " quarantined"),
        stdout());
    assertEquals(n - poison1, rows(spark, warehouse, "bronze." + SOURCE));
    assertEquals(poison1, rows(spark, warehouse, "quarantine." + SOURCE));

    // 2. M more, taken by a continuous run in its own JVM, a few messages per batch.
    long m = replay.replay(topic, List.of(streamFile(DAY2)));
    long before = n - poison1;
    Path log = tmp.resolve("continuous.log");
    Process continuous =
        submit(
            log,
            List.of(
                "ingest-stream",
                "--config",
                "conf/pipelines/demo",
                "--env",
                "local",
                "--run-date",
                DAY2.toString(),
                "--run-id",
                "continuous",
                "--trigger",
                "continuous",
                "--interval",
                "1s",
                "--set",
                "mljobs.warehouse=" + warehouse,
                "--set",
                "mljobs.jobs.ingest-stream.sources=[" + SOURCE + "]",
                "--set",
                "mljobs.sources." + SOURCE + ".bootstrap-servers=" + BOOTSTRAP,
                "--set",
                "mljobs.sources." + SOURCE + ".topics=[\"" + topic + "\"]",
                "--set",
                "mljobs.sources." + SOURCE + ".max-offsets-per-trigger=30"));
    try {
      // 3. Once it has committed a batch to bronze and started the next one, kill it.
      Await.until(
          "the continuous run commits a batch and starts another (log: " + log + ")",
          DEADLINE,
          () -> {
            assertTrue(continuous.isAlive(), () -> "continuous run exited:\n" + read(log));
            return rows(spark, warehouse, "bronze." + SOURCE) > before && batchInFlight(checkpoint);
          });
    } finally {
      continuous.descendants().forEach(ProcessHandle::destroyForcibly);
      continuous.destroyForcibly();
      assertTrue(continuous.waitFor(1, TimeUnit.MINUTES), "the killed run is gone");
    }
    long atKill = rows(spark, warehouse, "bronze." + SOURCE);
    assertTrue(
        atKill > before && atKill < n + m - poison1 - poison2,
        "killed partway: " + atKill + " of " + (n + m - poison1 - poison2) + " rows in bronze");
    assertTrue(batchInFlight(checkpoint), "the killed run left a batch planned, not committed");
    String continuousLog = read(log);
    assertFalse(continuousLog.contains("ERROR:"), continuousLog);

    // 4. Restart available-now: it replays the interrupted batch and takes the rest.
    assertEquals(0, ingest("restart", overrides(warehouse, topic)), stderr());

    Dataset<Row> bronze = table(spark, warehouse, "bronze." + SOURCE);
    long expected = n + m - poison1 - poison2;
    assertEquals(expected, bronze.count(), "N + M rows, poison messages excluded");
    assertEquals(
        expected,
        bronze.select("_kafka_partition", "_kafka_offset").distinct().count(),
        "distinct (partition, offset)");
    List<String> ids = new ArrayList<>(goodIds(DAY1));
    ids.addAll(goodIds(DAY2));
    ids.sort(null);
    assertEquals(
        ids,
        bronze
            .select("transaction_id")
            .orderBy("transaction_id")
            .as(Encoders.STRING())
            .collectAsList(),
        "exactly the well-formed events, each once");
    assertEquals(
        0,
        bronze.filter(col("_kafka_key").notEqual(col("transaction_id"))).count(),
        "the key travels with its message");

    Dataset<Row> quarantine = table(spark, warehouse, "quarantine." + SOURCE);
    assertEquals(poison1 + poison2, quarantine.count(), "the generator's poison messages");
    assertEquals(poison1 + poison2, quarantine.select("source_position").distinct().count());
    assertEquals(poison1 + poison2, quarantine.filter(col("rule").equalTo("malformed")).count());

    // Bronze and quarantine together hold every offset of the topic exactly once.
    Set<String> positions = new HashSet<>();
    for (Row row :
        bronze.select("_kafka_topic", "_kafka_partition", "_kafka_offset").collectAsList()) {
      positions.add(row.getString(0) + "/" + row.getInt(1) + "/" + row.getLong(2));
    }
    for (String position :
        quarantine.select("source_position").as(Encoders.STRING()).collectAsList()) {
      assertTrue(positions.add(position), "in bronze and quarantine: " + position);
    }
    Map<Integer, Long> end = endOffsets(topic);
    Set<String> all = new HashSet<>();
    end.forEach(
        (partition, next) -> {
          for (long o = 0; o < next; o++) {
            all.add(topic + "/" + partition + "/" + o);
          }
        });
    assertEquals(n + m, all.size());
    assertEquals(all, positions, "every offset landed, none twice");

    // The manifest of the restart: offsets reached = the topic's end; batches replayed.
    JsonNode input = manifest(stdout()).path("inputs").get(0);
    JsonNode details = input.path("details");
    assertEquals("kafka", input.path("kind").asText());
    assertEquals("checkpoint", details.path("start_offsets_from").asText());
    end.forEach(
        (partition, next) ->
            assertEquals(
                next.longValue(),
                details.path("end_offsets").path(topic).path(partition.toString()).asLong(),
                "offset reached in partition " + partition));
    assertEquals(checkpoint.toString(), details.path("checkpoint").asText());
    assertTrue(details.path("batch_ids").size() > 0, details.toString());

    // 5. Nothing new: a further run adds nothing.
    assertEquals(0, ingest("idle", overrides(warehouse, topic)), stderr());
    assertTrue(stdout().contains("0 batch(es), 0 message(s) loaded"), stdout());
    assertEquals(expected, table(spark, warehouse, "bronze." + SOURCE).count());
  }

  @Test
  void poisonMessageIsQuarantinedWithItsOffsetAndTheRestLoads(SparkSession spark) throws Exception {
    String topic = newTopic("poison", 1);
    Path warehouse = tmp.resolve("wh-poison");
    Path events = tmp.resolve("poison.jsonl");
    String good =
        "{\"transaction_id\":\"%s\",\"event_ts\":\"2026-11-02T10:00:00Z\",\"customer_id\":\"c1\","
            + "\"merchant_id\":\"m1\",\"amount\":12.50,\"currency\":\"EUR\"}";
    Files.writeString(
        events,
        "k1\t" + good.formatted("k1") + "\nk2\tPING not json\nk3\t" + good.formatted("k3") + "\n");
    assertEquals(3, KafkaReplay.to(BOOTSTRAP).replay(topic, List.of(events)));

    assertEquals(0, ingest("poison", overrides(warehouse, topic)), stderr());
    assertTrue(stdout().contains("2 message(s) loaded, 1 quarantined"), stdout());
    assertEquals(
        List.of("k1", "k3"),
        table(spark, warehouse, "bronze." + SOURCE)
            .select("transaction_id")
            .orderBy("transaction_id")
            .as(Encoders.STRING())
            .collectAsList());
    List<Row> rejected = table(spark, warehouse, "quarantine." + SOURCE).collectAsList();
    assertEquals(1, rejected.size());
    assertEquals(topic + "/0/1", rejected.get(0).getAs("source_position"));
    assertEquals("PING not json", rejected.get(0).getAs("raw_record"));
    assertEquals("malformed", rejected.get(0).getAs("rule"));
    assertEquals(SOURCE, rejected.get(0).getAs("source"));

    // The same run id again: nothing is loaded twice.
    assertEquals(0, ingest("poison", overrides(warehouse, topic)), stderr());
    assertEquals(2, table(spark, warehouse, "bronze." + SOURCE).count());
    assertEquals(1, table(spark, warehouse, "quarantine." + SOURCE).count());
  }

  @Test
  void brokerThatIsDownFailsWithinTheConnectTimeout() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort(); // free once closed: nothing listens there
    }
    Path warehouse = tmp.resolve("wh-down");
    Map<String, String> overrides =
        overrides(
            warehouse,
            "any",
            "mljobs.sources." + SOURCE + ".bootstrap-servers=127.0.0.1:" + port,
            "mljobs.sources." + SOURCE + ".connect-timeout=2s");
    Instant started = Instant.now();
    int code = ingest("down", overrides);
    Duration took = Duration.between(started, Instant.now());
    assertEquals(1, code, stdout());
    assertEquals(
        "ERROR: Cannot reach Kafka at 127.0.0.1:"
            + port
            + " within 2s. Start it (locally: scripts/services/kafka start) or fix"
            + " mljobs.sources."
            + SOURCE
            + ".bootstrap-servers.",
        stderr().strip());
    // A guard against hanging on the broker, far above the 2 s the check waits.
    assertTrue(took.compareTo(Duration.ofSeconds(90)) < 0, "took " + took);
    assertFalse(Files.exists(warehouse.resolve("bronze/" + SOURCE)), "nothing was written");
    assertTrue(stdout().contains("Run manifest: "), "a failed run leaves a manifest too");
  }

  @Test
  void topicThatDoesNotExistFailsNamingItAndTheNearestOne() throws Exception {
    String existing = newTopic("orders", 1);
    String missing = existing.replace("orders-", "order-");
    int code = ingest("missing", overrides(tmp.resolve("wh-missing"), missing));
    assertEquals(1, code, stdout());
    String message = stderr().strip();
    assertTrue(
        message.startsWith(
            "ERROR: Topic '" + missing + "' does not exist on " + BOOTSTRAP + " (existing: "),
        message);
    assertTrue(message.contains("did you mean '" + existing + "'?"), message);
    assertTrue(message.endsWith("Create it or fix mljobs.sources." + SOURCE + ".topics."), message);
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
