package io.mljobs.jobs.ingest.kafka;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.jobs.ingest.IngestBatchWriter;
import io.mljobs.jobs.ingest.SourceSelection;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Config of {@code ingest-stream} ({@code mljobs.jobs.ingest-stream}):
 *
 * <pre>
 * jobs.ingest-stream {
 *   sources = [transactions_stream]   # default: every source with type = kafka
 *   trigger = available-now           # or continuous
 *   interval = 30s                    # micro-batch interval of continuous mode
 *   rejects-in-memory = 8 MiB         # reject text a batch keeps for its quarantine write
 * }
 * </pre>
 *
 * @param sources the Kafka sources to ingest
 * @param trigger how the queries run
 * @param interval time between micro-batch starts in {@link Trigger#CONTINUOUS} mode
 * @param rejectsInMemory see {@link IngestBatchWriter}
 */
public record IngestStreamConfig(
    List<KafkaSourceSpec> sources, Trigger trigger, Duration interval, long rejectsInMemory) {
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
    List<KafkaSourceSpec> specs =
        SourceSelection.select(
            mljobs,
            jobName,
            "kafka",
            "Kafka",
            (name, source, schemas) -> KafkaSourceSpec.from(name, source, schemas, env));

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
    return new IngestStreamConfig(specs, trigger, interval, IngestBatchWriter.rejectsInMemory(own));
  }
}
