package io.mljobs.common.job;

import io.mljobs.common.config.ConfigRequest;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One request to run a job, as parsed from the command line.
 *
 * @param job the job's registered name
 * @param config what config to load
 * @param runDate the logical date the run is for
 * @param runId the run's identity; writes of a run are idempotent per run id
 * @param verbose print stack traces as well as the one-line error
 * @param rerun run again as a new write scope: writes an earlier attempt of the run id committed
 *     are made anew instead of skipped (needed when the config changed since)
 */
public record JobInvocation(
    String job,
    ConfigRequest config,
    LocalDate runDate,
    String runId,
    boolean verbose,
    boolean rerun) {
  public JobInvocation {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(runDate, "runDate");
    Objects.requireNonNull(runId, "runId");
  }

  /** An invocation that continues the run id's writes (no {@code --rerun}). */
  public JobInvocation(
      String job, ConfigRequest config, LocalDate runDate, String runId, boolean verbose) {
    this(job, config, runDate, runId, verbose, false);
  }

  /** This invocation with {@code --rerun}. */
  public JobInvocation asRerun() {
    return new JobInvocation(job, config, runDate, runId, verbose, true);
  }

  /** The default run id: one per job and logical date, so a plain re-run is idempotent. */
  public static String defaultRunId(String job, LocalDate runDate) {
    return job + "_" + runDate;
  }
}
