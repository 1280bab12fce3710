package io.mljobs.jobs.ingest.kafka;

import io.mljobs.common.config.Settings;
import io.mljobs.jobs.ingest.IngestBatchWriter;
import io.mljobs.jobs.ingest.SourceSelection;
import io.mljobs.jobs.stream.StreamTrigger;
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
 * @param trigger how the queries run ({@code trigger}, {@code interval})
 * @param rejectsInMemory see {@link IngestBatchWriter}
 */
public record IngestStreamConfig(
    List<KafkaSourceSpec> sources, StreamTrigger trigger, long rejectsInMemory) {
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

    return new IngestStreamConfig(
        specs, StreamTrigger.from(own), IngestBatchWriter.rejectsInMemory(own));
  }
}
