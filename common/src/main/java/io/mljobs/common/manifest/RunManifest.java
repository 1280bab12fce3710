package io.mljobs.common.manifest;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to trace a run's outputs back to the exact inputs, code and config that made
 * them, and to make them again. Serialized as JSON next to the outputs and as one row of the runs
 * table. Field names are part of the contract: add fields, never rename them, and bump {@link
 * #FORMAT_VERSION} when a reader would need to know.
 *
 * @param formatVersion manifest format version
 * @param runId the run's identity (idempotency key of its writes)
 * @param attemptId this attempt of the run (a retry has the same runId, a new attemptId)
 * @param job job name
 * @param pipeline pipeline name
 * @param runDate logical date (ISO)
 * @param env environment overlay used
 * @param status succeeded, failed, or the name of a non-zero outcome
 * @param exitCode process exit code
 * @param startedAt ISO instant
 * @param finishedAt ISO instant
 * @param durationMs wall time
 * @param code code version baked in at build
 * @param sparkVersion Spark version of the session
 * @param sparkMaster master URL
 * @param sparkAppId application id, to find the run in the Spark UI/history server
 * @param config the resolved {@code mljobs} config, secrets masked
 * @param overrides the {@code --set} overrides, secrets masked
 * @param configSources config files merged, lowest precedence first
 * @param inputs inputs with their versions/positions
 * @param outputs outputs with their committed versions
 * @param metrics job metrics (row counts, check results, ...)
 * @param timingsMs named stage timings
 * @param summary one-line human summary
 * @param error the failure, if any
 * @param configFingerprint SHA-256 of the config that decides what the run writes (the resolved
 *     {@code mljobs} tree, secrets masked, without {@code mljobs.spark} and other jobs' sections;
 *     see {@link ConfigFingerprint}), so a re-run under changed config is recognised
 * @param writeScope what the run's idempotent writes are keyed by: the run id, or {@code
 *     <run-id>~<attempt-id>} after {@code --rerun} started the run's writes anew
 */
public record RunManifest(
    int formatVersion,
    String runId,
    String attemptId,
    String job,
    String pipeline,
    String runDate,
    String env,
    String status,
    int exitCode,
    String startedAt,
    String finishedAt,
    long durationMs,
    BuildInfo code,
    String sparkVersion,
    String sparkMaster,
    String sparkAppId,
    Map<String, Object> config,
    List<String> overrides,
    List<String> configSources,
    List<InputRecord> inputs,
    List<OutputRecord> outputs,
    Map<String, Object> metrics,
    Map<String, Long> timingsMs,
    String summary,
    ErrorInfo error,
    String configFingerprint,
    String writeScope) {

  /** The current manifest format. */
  public static final int FORMAT_VERSION = 1;

  /** Status of an attempt's manifest while it runs (saved after each committed output). */
  public static final String RUNNING = "running";

  /**
   * Status a later attempt records for an attempt that left only its running manifest: it was
   * killed, crashed, or was still running when the later attempt finished.
   */
  public static final String UNFINISHED = "unfinished";

  /** The write scope of this manifest (the run id for manifests written before scopes existed). */
  public String effectiveWriteScope() {
    return writeScope == null ? runId : writeScope;
  }

  /** This manifest with another status, exit code and outputs. */
  public RunManifest withOutcome(String newStatus, int newExitCode, List<OutputRecord> newOutputs) {
    return new RunManifest(
        formatVersion,
        runId,
        attemptId,
        job,
        pipeline,
        runDate,
        env,
        newStatus,
        newExitCode,
        startedAt,
        finishedAt,
        durationMs,
        code,
        sparkVersion,
        sparkMaster,
        sparkAppId,
        config,
        overrides,
        configSources,
        inputs,
        newOutputs,
        metrics,
        timingsMs,
        summary,
        error,
        configFingerprint,
        writeScope);
  }
}
