package io.mljobs.common.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a job returns: its exit code, a one-line summary for the console, and metrics that go to the
 * run manifest. Inputs and outputs are recorded through the {@link JobContext} as they happen, so
 * they are in the manifest even when the job fails halfway.
 */
public record JobResult(ExitCode exitCode, String summary, Map<String, Object> metrics) {
  public JobResult {
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(summary, "summary");
    metrics = Map.copyOf(metrics);
  }

  /** A successful run. */
  public static JobResult ok(String summary) {
    return new JobResult(ExitCode.OK, summary, Map.of());
  }

  /** A run that ended with a non-zero but expected outcome (gate failed, retrain). */
  public static JobResult of(ExitCode code, String summary) {
    return new JobResult(code, summary, Map.of());
  }

  /** A copy with one more metric. */
  public JobResult withMetric(String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(metrics);
    copy.put(name, value);
    return new JobResult(exitCode, summary, copy);
  }
}
