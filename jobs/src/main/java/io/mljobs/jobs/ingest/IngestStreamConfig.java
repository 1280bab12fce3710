package io.mljobs.jobs.ingest;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import io.mljobs.common.source.KafkaSourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Config of {@code ingest-stream} ({@code mljobs.jobs.ingest-stream}):
 *
 * <pre>
 * jobs.ingest-stream {
 *   sources = [transactions_stream]   # default: every source with type = kafka
 *   trigger = available-now           # or continuous
 *   interval = 30s                    # micro-batch interval of continuous mode
 * }
 * </pre>
 *
 * @param sources the Kafka sources to ingest
 * @param trigger how the queries run
 * @param interval time between micro-batch starts in {@link Trigger#CONTINUOUS} mode
 */
public record IngestStreamConfig(
    List<KafkaSourceSpec> sources, Trigger trigger, Duration interval) {
  /** Default of {@code interval}. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /** How the streaming queries run. */
  public enum Trigger {
    /** Take everything in the topics now, in one or more batches, then stop (for schedules). */
    AVAILABLE_NOW,
    /**
     * Run until stopped, a micro-batch every {@code interval} (Structured Streaming's
     * processing-time trigger; not Spark's experimental continuous-processing trigger).
     */
    CONTINUOUS
  }

  public IngestStreamConfig {
    sources = List.copyOf(sources);
  }

  static IngestStreamConfig from(Settings mljobs, String jobName) {
    return from(mljobs, jobName, System::getenv);
  }

  static IngestStreamConfig from(Settings mljobs, String jobName, UnaryOperator<String> env) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    Settings sources = mljobs.sectionOrEmpty("sources");
    Settings schemas = mljobs.sectionOrEmpty("schemas");
    Set<String> declared = new TreeSet<>(sources.config().root().keySet());
    sources.declare(declared); // other jobs own the non-Kafka sources
    schemas.declare(new TreeSet<>(schemas.config().root().keySet()));

    List<String> kafkaSources =
        declared.stream()
            .filter(
                n ->
                    sources.config().hasPath(n + ".type")
                        && "kafka".equals(sources.config().getString(n + ".type")))
            .toList();
    List<String> wanted = own.strings("sources", kafkaSources);
    if (wanted.isEmpty()) {
      throw new ConfigError(
          own.fullKey("sources"),
          "No Kafka source to ingest: declare one under mljobs.sources with type = kafka, or list"
              + " them in '"
              + own.fullKey("sources")
              + "'.");
    }
    List<KafkaSourceSpec> specs = new ArrayList<>();
    for (String name : wanted) {
      if (!kafkaSources.contains(name)) {
        throw new ConfigError(
            own.fullKey("sources"),
            "Config key '"
                + own.fullKey("sources")
                + "' names '"
                + name
                + "', which is not a Kafka source under mljobs.sources"
                + NearestNames.didYouMean(name, kafkaSources)
                + ". Kafka sources: "
                + kafkaSources
                + ".");
      }
      specs.add(KafkaSourceSpec.from(name, sources.section(name), schemas, env));
    }

    Trigger trigger = own.choice("trigger", Trigger.class, Trigger.AVAILABLE_NOW);
    Duration interval = own.duration("interval", DEFAULT_INTERVAL);
    if (interval.isNegative() || interval.isZero()) {
      throw new ConfigError(
          own.fullKey("interval"),
          "Config key '"
              + own.fullKey("interval")
              + "' must be a positive duration such as 30s, but is "
              + interval
              + ".");
    }
    return new IngestStreamConfig(specs, trigger, interval);
  }
}
