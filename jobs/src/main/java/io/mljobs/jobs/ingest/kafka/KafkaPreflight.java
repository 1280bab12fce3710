package io.mljobs.jobs.ingest.kafka;

import io.mljobs.common.config.NearestNames;
import io.mljobs.common.error.JobFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Checks a Kafka source before its query starts, so a down broker or a misspelled topic fails in
 * seconds with a message that says what to do, instead of a stream that waits forever. Also reads
 * each partition's earliest and latest offsets, which the manifest records.
 */
final class KafkaPreflight {
  private static final int SHOWN_TOPICS = 20;

  /**
   * What the broker said.
   *
   * @param topics the topics the source reads (for a pattern: those matching now)
   * @param earliest per topic, partition to its earliest offset
   * @param latest per topic, partition to its latest offset (the next one to be written)
   */
  record Result(
      List<String> topics,
      Map<String, Map<Integer, Long>> earliest,
      Map<String, Map<Integer, Long>> latest) {}

  private KafkaPreflight() {}

  static Result check(KafkaSourceSpec source) {
    Duration timeout = source.connectTimeout();
    Admin admin = Admin.create(adminProperties(source));
    try {
      Set<String> existing;
      try {
        existing =
            get(admin.listTopics(new ListTopicsOptions().timeoutMs(ms(timeout))).names(), timeout);
      } catch (TimeoutException e) {
        throw unreachable(source, e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
          throw unreachable(source, e);
        }
        throw new JobFailure(
            "Kafka at "
                + source.bootstrapServers()
                + " refused to list topics: "
                + e.getCause().getMessage()
                + ". Check the client settings in mljobs.sources."
                + source.name()
                + ".options (kafka.security.*, kafka.sasl.*).",
            e);
      }
      List<String> topics = topics(source, new TreeSet<>(existing));
      return offsets(admin, topics, timeout, source);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobFailure("Interrupted while checking Kafka at " + source.bootstrapServers(), e);
    } finally {
      admin.close(Duration.ofSeconds(2));
    }
  }

  private static List<String> topics(KafkaSourceSpec source, TreeSet<String> existing) {
    if (source.topicPattern().isPresent()) {
      Pattern pattern = Pattern.compile(source.topicPattern().get());
      return existing.stream().filter(t -> pattern.matcher(t).matches()).toList();
    }
    for (String topic : source.topics()) {
      if (!existing.contains(topic)) {
        List<String> shown =
            new ArrayList<>(existing).subList(0, Math.min(SHOWN_TOPICS, existing.size()));
        String more = existing.size() > SHOWN_TOPICS ? ", ..." : "";
        String nearest =
            NearestNames.nearest(topic, existing)
                .map(n -> "; did you mean '" + n + "'?")
                .orElse("");
        throw new JobFailure(
            "Topic '"
                + topic
                + "' does not exist on "
                + source.bootstrapServers()
                + " (existing: "
                + (shown.isEmpty() ? "none" : String.join(", ", shown) + more)
                + nearest
                + "). Create it or fix mljobs.sources."
                + source.name()
                + ".topics.");
      }
    }
    return source.topics();
  }

  private static Result offsets(
      Admin admin, List<String> topics, Duration timeout, KafkaSourceSpec source)
      throws InterruptedException {
    if (topics.isEmpty()) {
      return new Result(topics, Map.of(), Map.of());
    }
    try {
      Map<String, TopicDescription> descriptions =
          get(admin.describeTopics(topics).allTopicNames(), timeout);
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      descriptions.forEach(
          (topic, description) ->
              description
                  .partitions()
                  .forEach(
                      p -> {
                        TopicPartition tp = new TopicPartition(topic, p.partition());
                        earliest.put(tp, OffsetSpec.earliest());
                        latest.put(tp, OffsetSpec.latest());
                      }));
      ListOffsetsOptions options = new ListOffsetsOptions().timeoutMs(ms(timeout));
      return new Result(
          topics,
          byTopic(get(admin.listOffsets(earliest, options).all(), timeout)),
          byTopic(get(admin.listOffsets(latest, options).all(), timeout)));
    } catch (TimeoutException | ExecutionException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new JobFailure(
          "Kafka at "
              + source.bootstrapServers()
              + " listed the topics but did not give the offsets of "
              + topics
              + " within "
              + seconds(timeout)
              + ": "
              + cause.getMessage()
              + ". Check the broker's health, or raise mljobs.sources."
              + source.name()
              + ".connect-timeout.",
          e);
    }
  }

  private static Map<String, Map<Integer, Long>> byTopic(
      Map<TopicPartition, ListOffsetsResultInfo> offsets) {
    Map<String, Map<Integer, Long>> result = new TreeMap<>();
    offsets.forEach(
        (tp, info) ->
            result
                .computeIfAbsent(tp.topic(), t -> new TreeMap<>())
                .put(tp.partition(), info.offset()));
    return result;
  }

  static Properties adminProperties(KafkaSourceSpec source) {
    Properties props = new Properties();
    // The source's consumer settings (security, SASL) apply to the admin client as well.
    source
        .options()
        .forEach(
            (key, value) -> {
              if (key.startsWith("kafka.")) {
                props.put(key.substring("kafka.".length()), value);
              }
            });
    int timeout = ms(source.connectTimeout());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "mljobs-preflight-" + source.name());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeout));
    props.put(
        AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
        Integer.toString(Math.min(timeout, 5_000)));
    props.put(
        AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
        Integer.toString(Math.min(timeout, 10_000)));
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "200");
    return props;
  }

  private static JobFailure unreachable(KafkaSourceSpec source, Exception e) {
    return new JobFailure(
        "Cannot reach Kafka at "
            + source.bootstrapServers()
            + " within "
            + seconds(source.connectTimeout())
            + ". Start it (locally: scripts/services/kafka start) or fix mljobs.sources."
            + source.name()
            + ".bootstrap-servers.",
        e);
  }

  /** Waits a little longer than the client's own timeout, so the client's error wins. */
  private static <T> T get(KafkaFuture<T> future, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(ms(timeout) + 2_000L, TimeUnit.MILLISECONDS);
  }

  private static int ms(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }

  static String seconds(Duration duration) {
    long ms = duration.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }
}
