package io.mljobs.jobs.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays the demo event stream ({@code raw/stream/events_<date>.jsonl}, one {@code key<TAB>value}
 * line per message, see {@link Feed#STREAM}) to a Kafka topic, line by line, in file order. Used by
 * the service tests and the Kafka benchmark; poison lines are sent as they are.
 *
 * <pre>
 * java -cp jobs/target/mljobs-jobs.jar io.mljobs.jobs.demo.KafkaReplay \
 *     --bootstrap 127.0.0.1:59092 --topic mljobs.demo.transactions [--partitions 3] \
 *     [--messages 1000000] demo-output/data/raw/stream
 * </pre>
 *
 * With {@code --messages N} the files are sent over and over until N messages are out (keys and
 * values repeat; for load tests). The topic is created when missing.
 */
public final class KafkaReplay {
  private final Properties producerConfig;

  private KafkaReplay(Properties producerConfig) {
    this.producerConfig = producerConfig;
  }

  /**
   * A replayer to {@code bootstrapServers}, batching and compressing for throughput, waiting for
   * the leader's acknowledgement of every message.
   */
  public static KafkaReplay to(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
    return new KafkaReplay(props);
  }

  /** Creates {@code topic} with {@code partitions} partitions (replication 1) unless it exists. */
  public void createTopic(String topic, int partitions) {
    Properties props = new Properties();
    props.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        producerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    try (Admin admin = Admin.create(props)) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Cannot create topic " + topic + ": " + e.getCause(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted creating topic " + topic, e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Timed out creating topic " + topic, e);
    }
  }

  /** Sends every line of {@code files} once; returns the number of messages sent. */
  public long replay(String topic, List<Path> files) throws IOException {
    return replay(topic, files, -1);
  }

  /**
   * Sends the lines of {@code files} in order, from the first again after the last, until {@code
   * messages} are out ({@code -1}: every line once). Returns when the broker has acknowledged all.
   */
  public long replay(String topic, List<Path> files, long messages) throws IOException {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files to replay");
    }
    AtomicReference<Exception> failure = new AtomicReference<>();
    long sent = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
      boolean more = true;
      while (more) {
        long before = sent;
        for (Path file : files) {
          try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null && (messages < 0 || sent < messages)) {
              if (line.isEmpty()) {
                continue;
              }
              int tab = line.indexOf('\t');
              byte[] key = tab < 0 ? null : line.substring(0, tab).getBytes(StandardCharsets.UTF_8);
              byte[] value = line.substring(tab + 1).getBytes(StandardCharsets.UTF_8);
              producer.send(
                  new ProducerRecord<>(topic, key, value),
                  (metadata, e) -> {
                    if (e != null) {
                      failure.compareAndSet(null, e);
                    }
                  });
              sent++;
            }
          }
          if (failure.get() != null) {
            break;
          }
        }
        more = messages >= 0 && sent < messages && sent > before && failure.get() == null;
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IOException("Kafka refused a message for " + topic, failure.get());
    }
    return sent;
  }

  /** The stream files of a folder ({@code events_*.jsonl}, by name), or the file itself. */
  public static List<Path> streamFiles(Path fileOrFolder) throws IOException {
    if (!Files.isDirectory(fileOrFolder)) {
      return List.of(fileOrFolder);
    }
    try (Stream<Path> files = Files.list(fileOrFolder)) {
      return files
          .filter(f -> f.getFileName().toString().matches("events_.*\\.jsonl"))
          .sorted()
          .toList();
    }
  }

  /** The command line; see the class comment. */
  public static void main(String[] args) throws Exception {
    String bootstrap = System.getenv().getOrDefault("MLJOBS_KAFKA_BOOTSTRAP", "127.0.0.1:59092");
    String topic = null;
    int partitions = 3;
    long messages = -1;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bootstrap" -> bootstrap = args[++i];
        case "--topic" -> topic = args[++i];
        case "--partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--messages" -> messages = Long.parseLong(args[++i]);
        default -> files.addAll(streamFiles(Path.of(args[i])));
      }
    }
    if (topic == null || files.isEmpty()) {
      System.err.println(
          "usage: KafkaReplay --topic T [--bootstrap H:P] [--partitions N] [--messages N]"
              + " FILE_OR_FOLDER...");
      System.exit(2);
    }
    KafkaReplay replay = KafkaReplay.to(bootstrap);
    replay.createTopic(topic, partitions);
    long started = System.nanoTime();
    long sent = replay.replay(topic, files, messages);
    double seconds = Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
    System.out.printf(
        "%d message(s) sent to %s on %s in %.1f s (%.0f/s)%n",
        sent, topic, bootstrap, seconds, sent / Math.max(seconds, 0.001));
  }
}
