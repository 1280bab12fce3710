package io.mljobs.jobs.features;

import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.error.Failures;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobFlags;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.jobs.stream.StreamQueries;
import io.mljobs.jobs.stream.StreamTrigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.types.StructType;

/**
 * {@code stream-features}: computes each feature set incrementally from its source read as a
 * Structured Streaming query over the Delta table (the bronze table {@code ingest-stream} appends
 * from Kafka, or any append-only table), into the same feature table, layout and definition hash as
 * {@code build-features}. Each micro-batch replaces only the (entity, date) rows its events change,
 * computed by the same {@link FeatureSetTransform} ({@link FeatureStreamBatch}); events later than
 * the watermark are counted and reported with the dates to rebuild.
 *
 * <p>Checkpoints under the warehouse ({@code _checkpoints/stream-features/<set>}); the trigger
 * modes are ingest-stream's: {@code available-now} (what the source holds now, then exit) and
 * {@code continuous} (a micro-batch every {@code interval} until stopped).
 */
public final class StreamFeaturesJob implements SparkJob<StreamFeaturesConfig>, JobFlags {
  static final String NAME = "stream-features";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Compute declared feature sets incrementally from their source as a stream, into the"
        + " same features.<name> tables as build-features.";
  }

  @Override
  public List<Flag> flags() {
    return StreamTrigger.flags(NAME, "what the source holds now");
  }

  @Override
  public StreamFeaturesConfig configure(Settings mljobs) {
    return StreamFeaturesConfig.from(mljobs, NAME);
  }

  /** One started query and what it has done so far. */
  private record Running(
      FeatureSetSpec spec, StreamingQuery query, StreamTally tally, String checkpoint)
      implements StreamQueries.Started {}

  @Override
  public JobResult run(JobContext<StreamFeaturesConfig> context) throws Exception {
    StreamFeaturesConfig config = context.config();
    // Every set's columns are checked before any query starts.
    for (FeatureSetSpec spec : config.featureSets()) {
      context.metric("features." + spec.name() + ".definition_hash", spec.definitionHash());
      checkColumns(context, spec);
    }
    List<Running> all =
        StreamQueries.run(
            context,
            config.trigger(),
            config.featureSets(),
            new StreamQueries.Handler<>(
                spec -> start(context, spec),
                spec -> "stream " + spec.name(),
                StreamFeaturesJob::failed,
                running -> record(context, running)));
    List<String> lines = new ArrayList<>();
    long late = 0;
    for (Running running : all) {
      lines.add(line(context, running));
      late += running.tally().lateEvents();
    }
    return JobResult.ok(String.join("; ", lines)).withMetric("features.late_events", late);
  }

  private static void checkColumns(JobContext<?> context, FeatureSetSpec spec) {
    StructType source = fresh(context, spec.source().toString(), spec).scan().schema();
    Map<String, StructType> references = new LinkedHashMap<>();
    spec.lookups()
        .forEach(
            (name, lookup) ->
                references.put(
                    name,
                    DeltaInput.of(
                            context.spark(),
                            context.pathOf(lookup.table()),
                            lookup.table().toString())
                        .latest()
                        .writtenBy("ingest-files, ingest-stream")
                        .scan()
                        .schema()));
    FeatureColumns.check(spec, source, references);
  }

  private static DeltaInput fresh(JobContext<?> context, String name, FeatureSetSpec spec) {
    return DeltaInput.of(context.spark(), context.pathOf(spec.source()), name)
        .latest()
        .writtenBy("ingest-stream (or ingest-files, check-quality)");
  }

  private static Running start(JobContext<StreamFeaturesConfig> context, FeatureSetSpec spec) {
    SparkSession spark = context.spark();
    StreamFeaturesConfig config = context.config();
    String checkpoint = context.warehouse().resolve("_checkpoints/" + NAME + "/" + spec.name());
    StreamTally tally = new StreamTally();
    FeatureStreamBatch batch =
        new FeatureStreamBatch(
            context,
            spec,
            new StreamWatermark(checkpoint, spark.sparkContext().hadoopConfiguration()),
            config.lateDelay().toNanos() / 1_000,
            tally);
    try {
      StreamingQuery query =
          spark
              .readStream()
              .format("delta")
              .load(context.pathOf(spec.source()))
              .writeStream()
              .queryName(NAME + "-" + spec.name())
              .option("checkpointLocation", checkpoint)
              .trigger(config.trigger().sparkTrigger())
              .foreachBatch(batch)
              .start();
      return new Running(spec, query, tally, checkpoint);
    } catch (TimeoutException | RuntimeException e) {
      throw new JobFailure(
          "The feature stream of '"
              + spec.name()
              + "' did not start: "
              + Failures.rootMessage(e)
              + ". Check mljobs.feature-sets."
              + spec.name()
              + ".source and the checkpoint "
              + checkpoint
              + ".",
          e);
    }
  }

  private static void record(JobContext<?> context, Running running) {
    FeatureSetSpec spec = running.spec();
    StreamTally tally = running.tally();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("feature_set", spec.name());
    details.put("checkpoint", running.checkpoint());
    details.put("batches", tally.batches());
    details.put("late_events", tally.lateEvents());
    context.input(
        new InputRecord(
            spec.source().toString(),
            "delta-stream",
            context.pathOf(spec.source()),
            null,
            details));
    String prefix = "features." + spec.name() + ".";
    context.metric(prefix + "batches", tally.batches());
    context.metric(prefix + "batches_replayed", tally.replayed());
    context.metric(prefix + "rows", tally.rows());
    context.metric(prefix + "versions", tally.versions());
    context.metric(prefix + "late_events", tally.lateEvents());
    context.metric(prefix + "late_dates", tally.lateDates());
  }

  private static String line(JobContext<StreamFeaturesConfig> context, Running running) {
    FeatureSetSpec spec = running.spec();
    StreamTally tally = running.tally();
    String line =
        spec.name()
            + ": "
            + tally.batches()
            + " batch(es), "
            + tally.rows()
            + " row(s) replaced in "
            + spec.table()
            + " (definition "
            + spec.definitionHash()
            + ")";
    if (tally.lateEvents() > 0) {
      line +=
          ". "
              + tally.lateEvents()
              + " event(s) arrived later than the watermark (late-delay "
              + context.config().lateDelay()
              + "): their rows were not recomputed for them; they are in "
              + spec.source()
              + ": run build-features --from "
              + tally.lateFrom()
              + " --to "
              + tally.lateTo()
              + " to include them";
    }
    return line;
  }

  private static JobFailure failed(Running running, StreamingQueryException e) {
    return new JobFailure(
        "The feature stream of '"
            + running.spec().name()
            + "' (source "
            + running.spec().source()
            + ") failed: "
            + Failures.rootMessage(e)
            + ". Batches committed before the failure stay committed; fix the cause and re-run:"
            + " the next run goes on from the checkpoint "
            + running.checkpoint()
            + ". The source must be append-only (a table rewritten by date is built with"
            + " build-features).",
        e);
  }
}
