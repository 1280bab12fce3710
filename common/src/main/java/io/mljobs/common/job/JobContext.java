package io.mljobs.common.job;

import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.delta.SnapshotPins;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.manifest.RunRecorder;
import io.mljobs.common.table.TableRef;
import io.mljobs.common.table.Warehouse;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * What a running job gets: the session, its typed config, the run's identity, and the edges that
 * record themselves in the manifest.
 *
 * @param <C> the job's config record
 */
public final class JobContext<C> {
  private final SparkSession spark;
  private final C config;
  private final RunIdentity run;
  private final RuntimeSettings runtime;
  private final RunRecorder recorder;
  private final Console console;
  // Concurrent: long-running streaming jobs write from several query threads at once.
  private final Map<String, Integer> writesPerTable = new ConcurrentHashMap<>();
  private final SnapshotPins pins;

  public JobContext(
      SparkSession spark,
      C config,
      RunIdentity run,
      RuntimeSettings runtime,
      RunRecorder recorder) {
    this(spark, config, run, runtime, recorder, Console.stdout());
  }

  /** A context whose job prints to {@code console} (the runner's output, or a test's capture). */
  public JobContext(
      SparkSession spark,
      C config,
      RunIdentity run,
      RuntimeSettings runtime,
      RunRecorder recorder,
      Console console) {
    this.spark = spark;
    this.config = config;
    this.run = run;
    this.runtime = runtime;
    this.recorder = recorder;
    this.console = console;
    this.pins = new SnapshotPins(recorder::input);
  }

  public SparkSession spark() {
    return spark;
  }

  public C config() {
    return config;
  }

  public LocalDate runDate() {
    return run.runDate();
  }

  public String runId() {
    return run.runId();
  }

  /** Job name, run id, attempt and date together. */
  public RunIdentity run() {
    return run;
  }

  /** Where the job prints what its user reads (never {@code System.out}). */
  public Console console() {
    return console;
  }

  public RuntimeSettings runtime() {
    return runtime;
  }

  public Warehouse warehouse() {
    return runtime.warehouse();
  }

  /** The storage path of a table in this run's warehouse. */
  public String pathOf(TableRef table) {
    return runtime.warehouse().pathOf(table);
  }

  /**
   * A reader of {@code table}, bound to this run: the latest version unless told otherwise,
   * resolved once per run (until the run itself commits to the table), read at exactly that version
   * and recorded as a manifest input by {@link DeltaInput#read}.
   */
  public DeltaInput input(TableRef table) {
    return DeltaInput.of(spark, pathOf(table), table.toString(), pins, run.runId(), run.runDate());
  }

  /**
   * Records an input that is not a Delta table of the warehouse (files, a JDBC source, Kafka
   * offsets) with the position that pins it. Delta tables are read through {@link
   * #input(TableRef)}, which records itself.
   */
  public void input(InputRecord input) {
    recorder.input(input);
  }

  /** Records a metric for the manifest. */
  public void metric(String name, Object value) {
    recorder.metric(name, value);
  }

  /** Runs {@code work} and records its wall time under {@code stage}. */
  public <T> T timed(String stage, Supplier<T> work) {
    return recorder.timed(stage, work);
  }

  /**
   * A writer to {@code table}, already bound to this run: idempotent per (job, run id, table, n-th
   * write of that table in this run), run id and job in the commit's user metadata, and the result
   * recorded as a manifest output, the table's policy applied ({@code mljobs.delta}). Re-running
   * the same run id writes nothing twice (unless {@code --rerun} gave the run a new write scope).
   */
  public DeltaOutput output(TableRef table) {
    int sequence = writesPerTable.merge(table.toString(), 1, Integer::sum) - 1;
    return DeltaOutput.to(pathOf(table))
        .named(table.toString())
        .idempotent("mljobs/" + run.job() + "/" + run.writeScope() + "/" + table, sequence)
        .userMetadata(run.commitMetadata())
        .policy(runtime.tables().of(table))
        .onCommit(
            result -> {
              pins.forget(result.path());
              recorder.output(result.toOutputRecord(Map.of()));
            });
  }

  /** The recorder behind this context (for edges that record several things at once). */
  public RunRecorder recorder() {
    return recorder;
  }
}
