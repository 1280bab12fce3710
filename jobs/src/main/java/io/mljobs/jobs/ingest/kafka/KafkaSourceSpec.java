package io.mljobs.jobs.ingest.kafka;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import io.mljobs.common.schema.DatePartition;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.table.TableRef;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A Kafka source declared in config ({@code mljobs.sources.<name>} with {@code type = kafka}):
 *
 * <pre>
 * sources.transactions_stream {
 *   type = kafka
 *   bootstrap-servers = ${?MLJOBS_KAFKA_BOOTSTRAP}   # default: that variable
 *   topics = [payments.transactions]                # or: topic-pattern = "payments\\..*"
 *   schema = transactions                           # mljobs.schemas.transactions
 *   value-format = json
 *   starting-offsets = earliest                     # earliest | latest (new checkpoint only)
 *   max-offsets-per-trigger = 500000                # optional: messages per micro-batch
 *   connect-timeout = 15s                           # pre-flight: broker and topics
 *   options { "kafka.security.protocol" = SSL }     # passed to Spark's Kafka source as given
 * }
 * </pre>
 *
 * @param name source name
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param topics topics to read; empty when {@link #topicPattern} is set
 * @param topicPattern a Java regex of topics to read, or empty when {@link #topics} is set
 * @param schema the declared schema of the message values
 * @param valueFormat how values are encoded ({@code json})
 * @param startingOffsets where a new checkpoint starts; later runs go on from the checkpoint
 * @param maxOffsetsPerTrigger messages per micro-batch, empty for everything available
 * @param options Spark Kafka source options, as given ({@code kafka.*} go to the consumer)
 * @param bronze target table
 * @param quarantine table for undecodable messages
 * @param partitionBy bronze partition columns when the table is created
 * @param connectTimeout how long the pre-flight check waits for the broker
 */
public record KafkaSourceSpec(
    String name,
    String bootstrapServers,
    List<String> topics,
    Optional<String> topicPattern,
    DeclaredSchema schema,
    ValueFormat valueFormat,
    StartingOffsets startingOffsets,
    Optional<Long> maxOffsetsPerTrigger,
    Map<String, String> options,
    TableRef bronze,
    TableRef quarantine,
    List<String> partitionBy,
    Duration connectTimeout) {

  /** The environment variable that supplies {@code bootstrap-servers} when the key is absent. */
  public static final String BOOTSTRAP_ENV = "MLJOBS_KAFKA_BOOTSTRAP";

  /** Default of {@code connect-timeout}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

  /** Source options mljobs sets itself from the keys above; naming them in options is an error. */
  private static final Map<String, String> MANAGED_OPTIONS =
      Map.of(
          "kafka.bootstrap.servers", "bootstrap-servers",
          "subscribe", "topics",
          "subscribepattern", "topic-pattern",
          "assign", "topics",
          "startingoffsets", "starting-offsets",
          "maxoffsetspertrigger", "max-offsets-per-trigger");

  /** How message values are encoded. */
  public enum ValueFormat {
    /** One JSON object per message. */
    JSON
  }

  /** Where a new checkpoint starts reading. */
  public enum StartingOffsets {
    EARLIEST,
    LATEST;

    /** The value Spark's {@code startingOffsets} option takes. */
    public String sparkValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public KafkaSourceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    topics = List.copyOf(topics);
    options = Map.copyOf(options);
    partitionBy = List.copyOf(partitionBy);
    if (topics.isEmpty() == topicPattern.isEmpty()) {
      throw new IllegalArgumentException("exactly one of topics and topicPattern");
    }
  }

  /** What the source reads, for messages and manifests: the topic list or the pattern. */
  public String subscription() {
    return topicPattern.map(p -> "pattern '" + p + "'").orElse(String.join(",", topics));
  }

  /** Reads one source section; {@code schemas} is {@code mljobs.schemas}. */
  public static KafkaSourceSpec from(String name, Settings source, Settings schemas) {
    return from(name, source, schemas, System::getenv);
  }

  /** As {@link #from(String, Settings, Settings)}, with the environment given (tests). */
  public static KafkaSourceSpec from(
      String name, Settings source, Settings schemas, UnaryOperator<String> environment) {
    source.string("type");
    String bootstrap =
        source
            .optionalString("bootstrap-servers")
            .or(() -> Optional.ofNullable(environment.apply(BOOTSTRAP_ENV)))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .orElseThrow(
                () ->
                    new ConfigError(
                        source.fullKey("bootstrap-servers"),
                        "Missing config key '"
                            + source.fullKey("bootstrap-servers")
                            + "': set it to the broker list (host:port,...), or export "
                            + BOOTSTRAP_ENV
                            + "."));

    List<String> topics = source.strings("topics", List.of());
    Optional<String> pattern = source.optionalString("topic-pattern");
    if (topics.isEmpty() == pattern.isEmpty()) {
      throw new ConfigError(
          source.fullKey("topics"),
          "Source '"
              + name
              + "' needs exactly one of '"
              + source.fullKey("topics")
              + "' (a list of topics) and '"
              + source.fullKey("topic-pattern")
              + "' (a regex)"
              + (topics.isEmpty() ? "; neither is set." : "; both are set."));
    }
    for (String topic : topics) {
      if (topic.isBlank()) {
        throw new ConfigError(
            source.fullKey("topics"),
            "Config key '" + source.fullKey("topics") + "' holds an empty topic name.");
      }
    }
    pattern.ifPresent(p -> requireRegex(source, p));

    Optional<Long> maxOffsets = Optional.empty();
    if (source.has("max-offsets-per-trigger")) {
      long value = source.longValue("max-offsets-per-trigger", 0);
      if (value < 1) {
        throw new ConfigError(
            source.fullKey("max-offsets-per-trigger"),
            "Config key '"
                + source.fullKey("max-offsets-per-trigger")
                + "' must be at least 1, but is "
                + value
                + ". Leave it out to take everything available in one batch.");
      }
      maxOffsets = Optional.of(value);
    }

    Duration timeout = source.positiveDuration("connect-timeout", DEFAULT_CONNECT_TIMEOUT, "15s");

    Map<String, String> options = source.stringMap("options");
    for (String option : options.keySet()) {
      String managedBy = MANAGED_OPTIONS.get(option.toLowerCase(Locale.ROOT));
      if (managedBy != null) {
        throw new ConfigError(
            source.fullKey("options"),
            "Config key '"
                + source.fullKey("options")
                + "' sets '"
                + option
                + "', which mljobs sets from '"
                + source.fullKey(managedBy)
                + "'. Set that key instead.");
      }
    }

    Optional<DatePartition> partition = DatePartition.from(source);
    DeclaredSchema schema =
        DeclaredSchema.from(source.string("schema"), schemas, source.fullKey("schema"));
    if (partition.isPresent()) {
      schema = partition.get().applyTo(schema, source.fullKey(DatePartition.KEY));
    }
    KafkaSourceSpec spec =
        new KafkaSourceSpec(
            name,
            bootstrap,
            topics,
            pattern,
            schema,
            valueFormat(source),
            source.choice("starting-offsets", StartingOffsets.class, StartingOffsets.EARLIEST),
            maxOffsets,
            options,
            TableRef.parse(
                source.string("bronze-table", "bronze." + name), source.fullKey("bronze-table")),
            TableRef.parse(
                source.string("quarantine-table", "quarantine." + name),
                source.fullKey("quarantine-table")),
            DatePartition.partitionBy(source, partition),
            timeout);
    source.declare(List.of("description"));
    return spec;
  }

  private static ValueFormat valueFormat(Settings source) {
    String format = source.string("value-format", "json").trim().toLowerCase(Locale.ROOT);
    List<String> formats = List.of("json");
    if (!formats.contains(format)) {
      throw new ConfigError(
          source.fullKey("value-format"),
          "Config key '"
              + source.fullKey("value-format")
              + "' must be one of "
              + formats
              + ", but is '"
              + format
              + "'"
              + NearestNames.didYouMean(format, formats)
              + (format.equals("avro")
                  ? ". Avro values are not supported yet (see the README, ingest-stream)."
                  : "."));
    }
    return ValueFormat.JSON;
  }

  private static void requireRegex(Settings source, String pattern) {
    try {
      java.util.regex.Pattern.compile(pattern);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new ConfigError(
          source.fullKey("topic-pattern"),
          "Config key '"
              + source.fullKey("topic-pattern")
              + "' is not a valid regex: "
              + e.getDescription()
              + ".");
    }
  }
}
