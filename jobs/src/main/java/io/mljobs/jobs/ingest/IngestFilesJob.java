package io.mljobs.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import io.mljobs.common.config.Settings;
import io.mljobs.common.job.Failures;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobFailure;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.ParallelTasks;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.common.source.FileSourceSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code ingest-files}: loads new CSV, JSON-lines and Parquet files of each declared file source
 * into {@code bronze.<source>}, with rejected rows in {@code quarantine.<source>}.
 *
 * <p>Each source is a Structured Streaming file source run with an AvailableNow trigger and a
 * checkpoint under the warehouse: a run picks up only files no earlier run took, and a run that
 * crashed halfway is completed by the next one without loading anything twice (see {@link
 * IngestBatchWriter}). Sources load concurrently ({@code parallel-sources}); one that fails does
 * not stop the others, and the run fails naming it once they are done.
 */
public final class IngestFilesJob implements SparkJob<IngestFilesConfig> {
  static final String NAME = "ingest-files";
  static final String SOURCE_FILE = "_source_file";
  static final String CORRUPT = "_corrupt_record";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Load new CSV/JSON/Parquet files into bronze Delta tables, exactly once; quarantine bad rows.";
  }

  @Override
  public IngestFilesConfig configure(Settings mljobs) {
    return IngestFilesConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<IngestFilesConfig> context) throws Exception {
    List<FileSourceSpec> sources = context.config().sources();
    // Sources are independent: loading several at once overlaps one source's driver-side
    // bookkeeping (query start, checkpoint and Delta log writes) with another's Spark jobs.
    List<SourceTally> tallies = sources.stream().map(s -> SourceTally.perFile()).toList();
    List<Callable<SourceTally>> tasks = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      FileSourceSpec source = sources.get(i);
      SourceTally tally = tallies.get(i);
      tasks.add(
          () -> context.timed("ingest " + source.name(), () -> ingest(context, source, tally)));
    }
    List<ParallelTasks.Outcome<SourceTally>> outcomes =
        ParallelTasks.runAll(NAME, context.config().parallelSources(), tasks);
    // Inputs and metrics in the configured order, failed sources included (what they got to).
    long loaded = 0;
    long quarantined = 0;
    int files = 0;
    for (int i = 0; i < sources.size(); i++) {
      FileSourceSpec source = sources.get(i);
      SourceTally tally = tallies.get(i);
      context.input(
          new InputRecord(
              source.name(),
              "files",
              source.path(),
              null,
              tally.details(checkpoint(context, source))));
      loaded += tally.loaded();
      quarantined += tally.quarantined();
      files += tally.positions();
      context.metric("rows_loaded." + source.name(), tally.loaded());
      context.metric("rows_quarantined." + source.name(), tally.quarantined());
      context.metric("files." + source.name(), tally.positions());
    }
    ParallelTasks.valuesOrFirstFailure(outcomes);
    return JobResult.ok(
            files + " new file(s), " + loaded + " row(s) loaded, " + quarantined + " quarantined")
        .withMetric("files", files)
        .withMetric("rows_loaded", loaded)
        .withMetric("rows_quarantined", quarantined);
  }

  private static String checkpoint(JobContext<?> context, FileSourceSpec source) {
    return context.warehouse().resolve("_checkpoints/" + NAME + "/" + source.name());
  }

  private SourceTally ingest(
      JobContext<IngestFilesConfig> context, FileSourceSpec source, SourceTally tally) {
    SparkSession spark = context.spark();
    requireFolder(spark, source);
    StreamingQuery query;
    try {
      query =
          read(spark, source)
              .writeStream()
              .queryName(NAME + "-" + source.name())
              .option("checkpointLocation", checkpoint(context, source))
              .trigger(Trigger.AvailableNow())
              .foreachBatch(writer(context, source, tally))
              .start();
      query.awaitTermination();
    } catch (StreamingQueryException e) {
      throw new JobFailure(
          "Ingesting source '"
              + source.name()
              + "' from "
              + source.path()
              + " failed: "
              + Failures.rootMessage(e, spark.sparkContext().hadoopConfiguration(), source.path())
              + Failures.adviceFor(
                  e,
                  ". Fix or move the offending file and re-run; nothing of the failed batch was committed twice."),
          e);
    } catch (TimeoutException e) {
      throw new JobFailure(
          "The stream for source '" + source.name() + "' did not start: " + e.getMessage(), e);
    }
    return tally;
  }

  private static IngestBatchWriter writer(
      JobContext<IngestFilesConfig> context, FileSourceSpec source, SourceTally tally) {
    IngestBatchWriter.Landing landing =
        new IngestBatchWriter.Landing(
            NAME,
            source.name(),
            source.schema(),
            source.bronze(),
            source.quarantine(),
            source.partitionBy(),
            List.of(SOURCE_FILE),
            col(SOURCE_FILE),
            List.of(SOURCE_FILE));
    DeclaredSchema schema = source.schema();
    String corrupt = source.isText() ? CORRUPT : null;
    return new IngestBatchWriter(
        context,
        landing,
        batch -> SchemaConformer.conform(batch, schema, corrupt),
        tally,
        context.config().rejectsInMemory());
  }

  static Dataset<Row> read(SparkSession spark, FileSourceSpec source) {
    DataStreamReader reader =
        spark
            .readStream()
            .format(source.format())
            .options(source.options())
            .option("pathGlobFilter", source.glob());
    source.maxFilesPerBatch().ifPresent(n -> reader.option("maxFilesPerTrigger", n));
    if (source.isText()) {
      reader
          .schema(source.schema().rawStringSchema().add(CORRUPT, DataTypes.StringType, true))
          .option("mode", "PERMISSIVE")
          .option("columnNameOfCorruptRecord", CORRUPT);
    } else {
      reader.schema(source.schema().typedSchema());
    }
    return reader.load(source.path()).select(col("*"), col("_metadata.file_path").as(SOURCE_FILE));
  }

  private static void requireFolder(SparkSession spark, FileSourceSpec source) {
    Path path = new Path(source.path());
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw new JobFailure(
            "Source '"
                + source.name()
                + "': path '"
                + source.path()
                + "' does not exist. Create it, or fix mljobs.sources."
                + source.name()
                + ".path.");
      }
      if (!fs.getFileStatus(path).isDirectory()) {
        throw new JobFailure(
            "Source '"
                + source.name()
                + "': path '"
                + source.path()
                + "' is a file; point mljobs.sources."
                + source.name()
                + ".path at the folder that holds the files (use glob to filter them).");
      }
    } catch (IOException e) {
      throw new JobFailure(
          "Source '" + source.name() + "': cannot reach '" + source.path() + "': " + e.getMessage(),
          e);
    }
  }
}
