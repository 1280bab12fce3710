package io.mljobs.jobs.ingest.kafka;

import io.mljobs.common.config.Settings;
import io.mljobs.common.error.Failures;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobFlags;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.source.IngestColumns;
import io.mljobs.jobs.ingest.IngestBatchWriter;
import io.mljobs.jobs.ingest.SourceTally;
import io.mljobs.jobs.stream.StreamQueries;
import io.mljobs.jobs.stream.StreamTrigger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * {@code ingest-stream}: loads the messages of each declared Kafka source into {@code
 * bronze.<source>}, values decoded by the declared schema, with undecodable messages in {@code
 * quarantine.<source>}.
 *
 * <p>Each source is a Structured Streaming query over Spark's Kafka source with a checkpoint under
 * the warehouse ({@code _checkpoints/ingest-stream/<source>}). A micro-batch is written by {@link
 * IngestBatchWriter}, idempotently per (query id, batch id): a batch that a crash interrupted is
 * replayed from the checkpoint with the same offsets and the same id, and Delta skips whatever of
 * it was already committed, so every message lands exactly once.
 *
 * <p>Two modes ({@code mljobs.jobs.ingest-stream.trigger}, or {@code --trigger}): {@code
 * available-now} takes what the topics hold when the run starts and exits (what a schedule runs);
 * {@code continuous} runs until stopped, a micro-batch every {@code interval}. Before any query
 * starts, every source is checked against its broker, so a down broker or a missing topic fails
 * within {@code connect-timeout} with a message that says what to do.
 */
public final class IngestStreamJob implements SparkJob<IngestStreamConfig>, JobFlags {
  static final String NAME = "ingest-stream";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Load Kafka topics into bronze Delta tables with Structured Streaming, exactly once;"
        + " quarantine undecodable messages.";
  }

  @Override
  public List<Flag> flags() {
    return StreamTrigger.flags(NAME, "what the topics hold now");
  }

  @Override
  public IngestStreamConfig configure(Settings mljobs) {
    return IngestStreamConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<IngestStreamConfig> context) throws Exception {
    IngestStreamConfig config = context.config();
    // Check every source first: a bad one fails the run before anything is written.
    Map<String, KafkaPreflight.Result> brokers = new LinkedHashMap<>();
    for (KafkaSourceSpec source : config.sources()) {
      brokers.put(
          source.name(),
          context.timed("preflight " + source.name(), () -> KafkaPreflight.check(source)));
    }

    List<Running> done =
        StreamQueries.run(
            context,
            config.trigger(),
            config.sources(),
            new StreamQueries.Handler<>(
                source -> start(context, source, brokers.get(source.name())),
                source -> "ingest " + source.name(),
                IngestStreamJob::failed,
                running -> record(context, running)));

    long loaded = 0;
    long quarantined = 0;
    int batches = 0;
    for (Running running : done) {
      loaded += running.tally().loaded();
      quarantined += running.tally().quarantined();
      batches += running.tally().batches();
    }
    return JobResult.ok(
            batches
                + " batch(es), "
                + loaded
                + " message(s) loaded, "
                + quarantined
                + " quarantined")
        .withMetric("batches", batches)
        .withMetric("rows_loaded", loaded)
        .withMetric("rows_quarantined", quarantined);
  }

  /** One started query and what it has done so far. */
  private record Running(
      KafkaSourceSpec source,
      KafkaPreflight.Result broker,
      StreamingQuery query,
      KafkaProgress progress,
      SourceTally tally,
      String checkpoint)
      implements StreamQueries.Started {}

  private static Running start(
      JobContext<IngestStreamConfig> context,
      KafkaSourceSpec source,
      KafkaPreflight.Result broker) {
    SparkSession spark = context.spark();
    String queryName = NAME + "-" + source.name();
    String checkpoint = context.warehouse().resolve("_checkpoints/" + NAME + "/" + source.name());
    SourceTally tally = SourceTally.perPartition();
    KafkaProgress progress = new KafkaProgress(queryName);
    IngestBatchWriter.Landing landing =
        new IngestBatchWriter.Landing(
            NAME,
            source.name(),
            source.schema(),
            source.bronze(),
            source.quarantine(),
            source.partitionBy(),
            IngestColumns.KAFKA_POSITION,
            IngestColumns.kafkaPosition(),
            List.of(IngestColumns.KAFKA_TOPIC, IngestColumns.KAFKA_PARTITION),
            org.apache.spark.sql.functions.lit(null).cast("bigint"));
    spark.streams().addListener(progress);
    try {
      StreamingQuery query =
          read(spark, source)
              .writeStream()
              .queryName(queryName)
              .option("checkpointLocation", checkpoint)
              .trigger(context.config().trigger().sparkTrigger())
              .foreachBatch(
                  new IngestBatchWriter(
                      context,
                      landing,
                      batch -> KafkaValueDecoder.conform(batch, source.schema()),
                      tally,
                      context.config().rejectsInMemory()))
              .start();
      return new Running(source, broker, query, progress, tally, checkpoint);
    } catch (TimeoutException | RuntimeException e) {
      spark.streams().removeListener(progress);
      throw new JobFailure(
          "The stream of Kafka source '"
              + source.name()
              + "' did not start: "
              + Failures.rootMessage(e)
              + ". Check mljobs.sources."
              + source.name()
              + " and the checkpoint "
              + checkpoint
              + ".",
          e);
    }
  }

  /** The Kafka source of one spec: raw messages, as Spark's Kafka source gives them. */
  static Dataset<Row> read(SparkSession spark, KafkaSourceSpec source) {
    DataStreamReader reader =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", source.bootstrapServers())
            .option("startingOffsets", source.startingOffsets().sparkValue());
    if (source.topicPattern().isPresent()) {
      reader.option("subscribePattern", source.topicPattern().get());
    } else {
      reader.option("subscribe", String.join(",", source.topics()));
    }
    source.maxOffsetsPerTrigger().ifPresent(n -> reader.option("maxOffsetsPerTrigger", n));
    return reader.options(source.options()).load();
  }

  private static void record(JobContext<?> context, Running running) {
    SparkSession spark = context.spark();
    spark.streams().removeListener(running.progress());
    running.progress().absorb(running.query());
    KafkaSourceSpec source = running.source();
    Map<String, Object> details =
        new LinkedHashMap<>(running.tally().details(running.checkpoint()));
    details.putAll(running.progress().details(source, running.broker()));
    context.input(
        new InputRecord(
            source.name(),
            "kafka",
            source.bootstrapServers() + " " + source.subscription(),
            null,
            details));
    context.metric("rows_loaded." + source.name(), running.tally().loaded());
    context.metric("rows_quarantined." + source.name(), running.tally().quarantined());
    context.metric("batches." + source.name(), running.tally().batches());
  }

  private static JobFailure failed(Running running, StreamingQueryException e) {
    KafkaSourceSpec source = running.source();
    return new JobFailure(
        "Ingesting Kafka source '"
            + source.name()
            + "' ("
            + source.subscription()
            + " on "
            + source.bootstrapServers()
            + ") failed: "
            + Failures.rootMessage(e)
            + ". Batches committed before the failure stay committed; fix the cause and re-run:"
            + " the next run goes on from the checkpoint without loading anything twice.",
        e);
  }
}
