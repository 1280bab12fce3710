package io.mljobs.common.job;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.ConfigLoader;
import io.mljobs.common.config.LoadedConfig;
import io.mljobs.common.config.Redactor;
import io.mljobs.common.config.Settings;
import io.mljobs.common.manifest.BuildInfo;
import io.mljobs.common.manifest.DeltaManifestStore;
import io.mljobs.common.manifest.ErrorInfo;
import io.mljobs.common.manifest.ManifestStore;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.manifest.RunRecorder;
import io.mljobs.common.spark.SparkSessions;
import io.mljobs.common.table.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one job with the full lifecycle every job shares: load and validate config before Spark
 * starts, get the session for the profile, name the Spark job group, run, and write the manifest
 * whatever happened. Returns the process exit code; prints one clear line per error.
 */
public final class JobRunner {
  private static final DateTimeFormatter ATTEMPT_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final JobRegistry registry;
  private final PrintStream out;
  private final PrintStream err;
  private final BiFunction<SparkSession, RuntimeSettings, ManifestStore> stores;

  /** A runner that stores manifests in the warehouse (JSON + runs table). */
  public JobRunner(JobRegistry registry, PrintStream out, PrintStream err) {
    this(
        registry,
        out,
        err,
        (spark, runtime) ->
            new DeltaManifestStore(
                spark, runtime.warehouse(), runtime.runsTable(), runtime.manifestDir()));
  }

  /** A runner with another manifest store (tests). */
  public JobRunner(
      JobRegistry registry,
      PrintStream out,
      PrintStream err,
      BiFunction<SparkSession, RuntimeSettings, ManifestStore> stores) {
    this.registry = registry;
    this.out = out;
    this.err = err;
    this.stores = stores;
  }

  /** Runs the invocation and returns the exit code. */
  public int run(JobInvocation invocation) {
    Instant started = Instant.now();
    Prepared<?> prepared;
    try {
      prepared = prepare(invocation);
    } catch (ConfigError e) {
      return fail(ExitCode.BAD_CONFIG, e, invocation.verbose());
    }
    return execute(prepared, invocation, started);
  }

  /** Loads and validates everything a run needs, before Spark starts. */
  private Prepared<?> prepare(JobInvocation invocation) {
    SparkJob<?> job = registry.require(invocation.job());
    RunIds.check(invocation.runId());
    LoadedConfig loaded = ConfigLoader.load(invocation.config());
    return prepareTyped(job, loaded);
  }

  private <C> Prepared<C> prepareTyped(SparkJob<C> job, LoadedConfig loaded) {
    Settings mljobs = loaded.settings().section("mljobs");
    Set<String> otherSections = new HashSet<>(loaded.referenceKeys());
    otherSections.removeAll(RuntimeSettings.ownKeys());
    RuntimeSettings runtime = RuntimeSettings.from(mljobs, otherSections);
    // Sections of other jobs are not read by this one; accept them when they name a job of this
    // registry or of this installation (a pipeline's config holds sections for all its jobs, and
    // a runner built with fewer jobs, e.g. in a test, must still accept them).
    mljobs.sectionOrEmpty("jobs").declare(registry.names()).declare(JobRegistry.discover().names());
    C config = job.configure(mljobs);
    mljobs.rejectUnknownKeys();
    checkWritable(runtime.warehouse());
    return new Prepared<>(job, loaded, runtime, config);
  }

  private <C> int execute(Prepared<C> prepared, JobInvocation invocation, Instant started) {
    RunIdentity identity =
        new RunIdentity(
            prepared.job().name(),
            invocation.runDate(),
            invocation.runId(),
            ATTEMPT_STAMP.format(started)
                + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)),
            prepared.runtime().pipeline());
    RunRecorder recorder = new RunRecorder();
    SparkSession spark;
    try {
      spark =
          SparkSessions.create(
              prepared.runtime().spark(), "mljobs " + identity.jobGroupDescription().toLowerCase());
    } catch (RuntimeException e) {
      return fail(
          ExitCode.JOB_FAILED,
          new JobFailure(
              "Spark did not start: " + rootMessage(e) + ". No manifest was written.", e),
          invocation.verbose());
    }

    ExitCode code;
    String summary;
    ErrorInfo error = null;
    Throwable failure = null;
    spark.sparkContext().setJobGroup(identity.runId(), identity.jobGroupDescription(), false);
    try {
      JobResult result =
          prepared
              .job()
              .run(
                  new JobContext<>(
                      spark, prepared.config(), identity, prepared.runtime(), recorder));
      result.metrics().forEach(recorder::metric);
      code = result.exitCode();
      summary = result.summary();
    } catch (ConfigError e) {
      code = ExitCode.BAD_CONFIG;
      summary = e.getMessage();
      failure = e;
    } catch (Exception | LinkageError e) {
      code = ExitCode.JOB_FAILED;
      summary =
          e instanceof JobFailure
              ? e.getMessage()
              : "Job '" + identity.job() + "' failed: " + rootMessage(e);
      failure = e;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    if (failure != null) {
      error = ErrorInfo.of(failure);
    }

    Instant finished = Instant.now();
    RunManifest manifest =
        new RunManifest(
            RunManifest.FORMAT_VERSION,
            identity.runId(),
            identity.attemptId(),
            identity.job(),
            identity.pipeline(),
            identity.runDate().toString(),
            invocation.config().env(),
            code == ExitCode.OK ? "succeeded" : code.name().toLowerCase().replace('_', '-'),
            code.code(),
            started.toString(),
            finished.toString(),
            Duration.between(started, finished).toMillis(),
            BuildInfo.current(),
            spark.version(),
            spark.sparkContext().master(),
            spark.sparkContext().applicationId(),
            prepared.loaded().redacted(),
            prepared.loaded().redactedOverrides(),
            prepared.loaded().sources().stream().map(Path::toString).toList(),
            recorder.inputs(),
            recorder.outputs(),
            recorder.metrics(),
            recorder.timings(),
            Redactor.scrub(summary),
            error);

    if (failure != null) {
      printError(failure, Redactor.scrub(summary), invocation.verbose());
    } else {
      out.println(
          "[mljobs] "
              + identity.jobGroupDescription()
              + " ("
              + identity.runId()
              + "): "
              + code.name()
              + " - "
              + Redactor.scrub(summary));
    }
    try {
      String location = stores.apply(spark, prepared.runtime()).write(manifest);
      out.println("[mljobs] Run manifest: " + location);
    } catch (RuntimeException e) {
      err.println(
          "ERROR: the run manifest could not be written: "
              + rootMessage(e)
              + ". Check that mljobs.warehouse is writable.");
      if (code == ExitCode.OK) {
        code = ExitCode.JOB_FAILED;
      }
    }
    return code.code();
  }

  private void checkWritable(Warehouse warehouse) {
    if (!warehouse.isLocal()) {
      return; // remote stores are checked by their first write, with the store's own message
    }
    Path root = warehouse.localPath();
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, ".mljobs-write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new ConfigError(
          "mljobs.warehouse",
          "The warehouse '"
              + root
              + "' is not writable ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + "). Choose a writable folder with --set mljobs.warehouse=<path> or fix its"
              + " permissions.");
    }
  }

  private int fail(ExitCode code, RuntimeException e, boolean verbose) {
    printError(e, Redactor.scrub(e.getMessage()), verbose);
    return code.code();
  }

  private void printError(Throwable e, String message, boolean verbose) {
    err.println("ERROR: " + message);
    if (verbose) {
      for (String line : ErrorInfo.of(e).stack()) {
        err.println(line);
      }
    } else if (!(e instanceof ConfigError) && !(e instanceof JobFailure)) {
      err.println(
          "       (run with --verbose for the stack trace; it is also in the run manifest)");
    }
  }

  /** The innermost cause's message, which usually says what is really wrong. */
  static String rootMessage(Throwable e) {
    return Failures.rootCause(e).getClass().getSimpleName() + ": " + Failures.rootMessage(e);
  }

  private record Prepared<C>(
      SparkJob<C> job, LoadedConfig loaded, RuntimeSettings runtime, C config) {}
}
