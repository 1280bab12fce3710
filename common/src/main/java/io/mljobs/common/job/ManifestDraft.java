package io.mljobs.common.job;

import io.mljobs.common.config.LoadedConfig;
import io.mljobs.common.manifest.BuildInfo;
import io.mljobs.common.manifest.ErrorInfo;
import io.mljobs.common.manifest.OutputRecord;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.manifest.RunRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** What every manifest of one attempt shares; builds the running and the final manifest. */
record ManifestDraft(
    RunIdentity identity,
    JobInvocation invocation,
    LoadedConfig loaded,
    SparkSession spark,
    Instant started,
    String configFingerprint) {

  RunManifest build(
      String status,
      int exitCode,
      Instant finished,
      RunRecorder recorder,
      List<OutputRecord> outputs,
      String summary,
      ErrorInfo error) {
    return new RunManifest(
        RunManifest.FORMAT_VERSION,
        identity.runId(),
        identity.attemptId(),
        identity.job(),
        identity.pipeline(),
        identity.runDate().toString(),
        invocation.config().env(),
        status,
        exitCode,
        started.toString(),
        finished.toString(),
        Duration.between(started, finished).toMillis(),
        BuildInfo.current(),
        spark.version(),
        spark.sparkContext().master(),
        spark.sparkContext().applicationId(),
        loaded.redacted(),
        loaded.redactedOverrides(),
        loaded.sources().stream().map(Path::toString).toList(),
        recorder.inputs(),
        outputs,
        recorder.metrics(),
        recorder.timings(),
        summary,
        error,
        configFingerprint,
        identity.writeScope());
  }
}
