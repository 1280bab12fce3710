package io.mljobs.common.job;

import java.time.LocalDate;
import java.util.Map;

/**
 * Who a run is: job, logical date, run id (stable across retries), attempt id (new each try) and
 * write scope (what its idempotent writes are keyed by: the run id, or a fresh scope after {@code
 * --rerun}).
 */
public record RunIdentity(
    String job,
    LocalDate runDate,
    String runId,
    String attemptId,
    String pipeline,
    String writeScope) {

  /** An identity whose writes are keyed by the run id. */
  public RunIdentity(
      String job, LocalDate runDate, String runId, String attemptId, String pipeline) {
    this(job, runDate, runId, attemptId, pipeline, runId);
  }

  /** Spark job group description: {@code INGEST-FILES 2026-11-26}. */
  public String jobGroupDescription() {
    return job.toUpperCase(java.util.Locale.ROOT) + " " + runDate;
  }

  /** What every Delta commit of the run carries as user metadata. */
  public Map<String, Object> commitMetadata() {
    return Map.of(
        "run_id", runId,
        "attempt_id", attemptId,
        "job", job,
        "run_date", runDate.toString(),
        "pipeline", pipeline);
  }
}
