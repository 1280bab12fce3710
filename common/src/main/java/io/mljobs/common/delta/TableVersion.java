package io.mljobs.common.delta;

import java.time.Instant;
import java.util.Map;

/**
 * One committed version of a Delta table, as {@code mljobs versions} shows it: Delta's history
 * joined with the user metadata every mljobs write carries.
 *
 * @param version the Delta version
 * @param timestamp commit time
 * @param operation Delta's operation (WRITE, MERGE, OPTIMIZE, ...)
 * @param runId the run id that committed it, null for commits not made by mljobs
 * @param job the job that committed it, or null
 * @param runDate the run's logical date (ISO), or null
 * @param rows rows written (inserted plus updated for merges), null when Delta reports none
 * @param metadata the commit's whole user metadata
 */
public record TableVersion(
    long version,
    Instant timestamp,
    String operation,
    String runId,
    String job,
    String runDate,
    Long rows,
    Map<String, String> metadata) {
  public TableVersion {
    metadata = Map.copyOf(metadata);
  }
}
