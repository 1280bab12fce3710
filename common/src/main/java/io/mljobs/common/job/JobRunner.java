package io.mljobs.common.job;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.ConfigLoader;
import io.mljobs.common.config.LoadedConfig;
import io.mljobs.common.config.Redactor;
import io.mljobs.common.config.Settings;
import io.mljobs.common.error.Failures;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.manifest.ConfigFingerprint;
import io.mljobs.common.manifest.ErrorInfo;
import io.mljobs.common.manifest.ManifestStore;
import io.mljobs.common.manifest.OutputRecord;
import io.mljobs.common.manifest.RunHistory;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.manifest.RunRecorder;
import io.mljobs.common.manifest.delta.DeltaManifestStore;
import io.mljobs.common.spark.SparkSessions;
import io.mljobs.common.table.Warehouse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    mljobs.sectionOrEmpty("jobs").declare(mljobs.strings("jobs-elsewhere", List.of()));
    C config = job.configure(mljobs);
    mljobs.rejectUnknownKeys();
    checkWritable(runtime.warehouse());
    return new Prepared<>(job, loaded, runtime, config);
  }

  private <C> int execute(Prepared<C> prepared, JobInvocation invocation, Instant started) {
    String attemptId =
        ATTEMPT_STAMP.format(started)
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    String jobName = prepared.job().name();
    SparkSession spark;
    try {
      spark =
          SparkSessions.create(
              prepared.runtime().spark(),
              "mljobs "
                  + (jobName.toUpperCase(Locale.ROOT) + " " + invocation.runDate()).toLowerCase());
    } catch (RuntimeException e) {
      return fail(
          ExitCode.JOB_FAILED,
          new JobFailure(
              "Spark did not start: " + rootMessage(e) + ". No manifest was written.", e),
          invocation.verbose());
    }
    ManifestStore store = stores.apply(spark, prepared.runtime());
    RunHistory history = history(store, jobName, invocation.runId());
    String scope =
        invocation.rerun()
            ? invocation.runId() + "~" + attemptId
            : history.currentScope(invocation.runId());
    RunIdentity identity =
        new RunIdentity(
            jobName,
            invocation.runDate(),
            invocation.runId(),
            attemptId,
            prepared.runtime().pipeline(),
            scope);
    Map<String, String> comparable =
        ConfigFingerprint.comparable(prepared.loaded().redacted(), jobName);
    ManifestDraft draft =
        new ManifestDraft(
            identity,
            invocation,
            prepared.loaded(),
            spark,
            started,
            ConfigFingerprint.of(comparable));
    RunRecorder recorder = new RunRecorder(attemptId);
    Progress progress = new Progress(store, draft, recorder);
    recorder.onOutput(progress::save);

    ExitCode code;
    String summary;
    ErrorInfo error = null;
    Throwable failure = null;
    spark.sparkContext().setJobGroup(identity.runId(), identity.jobGroupDescription(), false);
    try {
      if (!invocation.rerun()) {
        SameRunCheck.require(history, identity, comparable);
      }
      progress.save();
      JobResult result =
          prepared
              .job()
              .run(
                  new JobContext<>(
                      spark,
                      prepared.config(),
                      identity,
                      prepared.runtime(),
                      recorder,
                      Console.of(out)));
      result.metrics().forEach(recorder::metric);
      code = result.exitCode();
      summary = result.summary();
    } catch (ConfigError e) {
      code = ExitCode.BAD_CONFIG;
      summary = e.getMessage();
      failure = e;
    } catch (Exception | LinkageError e) {
      code = ExitCode.JOB_FAILED;
      JobFailure told = Failures.outermost(e, JobFailure.class);
      summary =
          told != null
              ? Failures.firstLine(told.getMessage())
              : "Job '" + identity.job() + "' failed: " + rootMessage(e);
      failure = e;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    if (failure != null) {
      error = ErrorInfo.of(failure);
    }

    List<OutputRecord> outputs = history.withCarriedOutputs(scope, recorder.outputs());
    String carried = CarriedOutputs.describe(outputs, attemptId);
    RunManifest manifest =
        draft.build(
            code == ExitCode.OK ? "succeeded" : code.name().toLowerCase().replace('_', '-'),
            code.code(),
            Instant.now(),
            recorder,
            outputs,
            Redactor.scrub(summary) + carried,
            error);
    recordUnfinished(store, history);

    if (failure == null) {
      out.println(
          "[mljobs] "
              + identity.jobGroupDescription()
              + " ("
              + identity.runId()
              + "): "
              + code.name()
              + " - "
              + Redactor.scrub(summary)
              + carried);
    }
    String problem = null;
    try {
      String location = store.write(manifest);
      out.println("[mljobs] Run manifest: " + location);
    } catch (RuntimeException e) {
      problem =
          "the run manifest could not be written: "
              + rootMessage(e)
              + ". Check that mljobs.warehouse is writable.";
      if (code == ExitCode.OK) {
        code = ExitCode.JOB_FAILED;
      }
    }
    // The one-line error comes last, after everything else the run prints.
    if (failure != null) {
      printError(failure, Redactor.scrub(summary), invocation.verbose());
    }
    if (problem != null) {
      err.println("ERROR: " + problem);
    }
    return code.code();
  }

  /** The earlier attempts of the run id; none when they cannot be read (said on stderr). */
  private RunHistory history(ManifestStore store, String job, String runId) {
    try {
      return RunHistory.of(store.attemptsOf(job, runId));
    } catch (RuntimeException e) {
      err.println(
          "WARNING: the earlier attempts of run '"
              + runId
              + "' could not be read ("
              + rootMessage(e)
              + "); this attempt cannot list what they committed.");
      return RunHistory.empty();
    }
  }

  /**
   * Gives each earlier attempt that left only its running manifest (killed, or still running) a row
   * of its own in the runs table, status {@code unfinished}, with what it had committed.
   */
  private void recordUnfinished(ManifestStore store, RunHistory history) {
    for (RunManifest unfinished : history.unfinished()) {
      try {
        store.write(unfinished.withOutcome(RunManifest.UNFINISHED, -1, unfinished.outputs()));
      } catch (RuntimeException e) {
        err.println(
            "WARNING: the unfinished attempt "
                + unfinished.attemptId()
                + " could not be recorded: "
                + rootMessage(e));
      }
    }
  }

  /**
   * Saves the manifest so far after each committed output, so that an attempt killed before its end
   * still tells the next one what it committed. Best effort: a failed save never fails a run.
   */
  private final class Progress {
    private final ManifestStore store;
    private final ManifestDraft draft;
    private final RunRecorder recorder;
    private boolean warned;

    Progress(ManifestStore store, ManifestDraft draft, RunRecorder recorder) {
      this.store = store;
      this.draft = draft;
      this.recorder = recorder;
    }

    synchronized void save() {
      try {
        store.saveProgress(
            draft.build(
                RunManifest.RUNNING,
                -1,
                Instant.now(),
                recorder,
                recorder.outputs(),
                "running",
                null));
      } catch (RuntimeException e) {
        if (!warned) {
          warned = true;
          err.println(
              "WARNING: the running manifest could not be saved ("
                  + rootMessage(e)
                  + "); if this attempt is killed, the next one may not list all it committed.");
        }
      }
    }
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

  /**
   * Prints the one-line error as the last line on stderr: with {@code --verbose} the stack trace
   * comes before it; otherwise where to find it goes to stdout.
   */
  private void printError(Throwable e, String message, boolean verbose) {
    if (verbose) {
      for (String line : ErrorInfo.of(e).stack()) {
        err.println(line);
      }
    } else if (!(e instanceof ConfigError)) {
      String log = SparkLog.file();
      List<String> where = new java.util.ArrayList<>();
      if (!(e instanceof JobFailure)) {
        where.add("stack trace in the run manifest (or run with --verbose)");
      }
      if (log != null) {
        where.add("Spark's own log: " + log);
      }
      if (!where.isEmpty()) {
        out.println("[mljobs] Details: " + String.join("; ", where));
      }
    }
    err.println("ERROR: " + message);
  }

  /** The innermost cause's message, which usually says what is really wrong. */
  static String rootMessage(Throwable e) {
    return Failures.rootCause(e).getClass().getSimpleName() + ": " + Failures.rootMessage(e);
  }

  private record Prepared<C>(
      SparkJob<C> job, LoadedConfig loaded, RuntimeSettings runtime, C config) {}
}
