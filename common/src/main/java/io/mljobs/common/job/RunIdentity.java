package io.mljobs.common.job;

import java.time.LocalDate;
import java.util.Map;

/**
 * Who a run is: job, logical date, run id (stable across retries) and attempt id (new each try).
 */
public record RunIdentity(
    String job, LocalDate runDate, String runId, String attemptId, String pipeline) {

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
