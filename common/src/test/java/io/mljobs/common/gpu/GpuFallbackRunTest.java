package io.mljobs.common.gpu;

import static io.mljobs.common.gpu.GpuProfileConfigTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.manifest.InMemoryManifestStore;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU fallback end to end: a GPU profile with RAPIDS whose jar is missing, and {@code fallback
 * = cpu}. Spark starts without GPU settings, the job's GPU stage runs on the CPU, the run succeeds
 * and its manifest says why.
 */
@ExtendWith(SharedSpark.class)
class GpuFallbackRunTest {
  @TempDir Path dir;

  @Test
  void missingRapidsJarWithCpuFallbackRunsOnCpuAndRecordsWhy(SparkSession spark) {
    ConfigFixture conf = ConfigFixture.create(dir, dir.resolve("warehouse"));
    conf.write(
        "env/gpu-cpu.conf",
        """
        mljobs {
          warehouse = "%s"
          spark.conf {
            "spark.executor.resource.gpu.amount" = "1"
            "spark.executor.resource.gpu.discoveryScript" = ${mljobs.gpu.discovery-script}
            "spark.plugins" = "com.nvidia.spark.SQLPlugin"
            "spark.rapids.sql.enabled" = "true"
          }
          gpu {
            enabled = true
            fallback = cpu
            discovery-script = "/opt/gpu/discover-gpus.sh"
            rapids.enabled = true
          }
        }
        """
            .formatted(dir.resolve("warehouse")));
    InMemoryManifestStore store = new InMemoryManifestStore();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      code =
          new JobRunner(
                  JobRegistry.of(new LocalClusterGpuProbe.TrainOnGpusJob()),
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  (s, runtime) -> store)
              .run(
                  new JobInvocation(
                      "train-on-gpus",
                      new ConfigRequest(conf.pipelineDir(), "gpu-cpu", conf.confDir(), Map.of()),
                      LocalDate.parse("2026-11-26"),
                      "gpu-fallback",
                      false));
    } finally {
      // The shared session keeps what the builder set; later tests must not see the fallback.
      spark.conf().unset(GpuProfile.FALLBACK_REASON);
    }

    assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
    RunManifest manifest = store.all().get(0);
    Map<String, Object> metrics = manifest.metrics();
    assertEquals(true, metrics.get("gpu.requested"));
    assertEquals(false, metrics.get("gpu.used"));
    assertContains(
        (String) metrics.get("gpu.fallback_reason"),
        "the RAPIDS Accelerator plugin com.nvidia.spark.SQLPlugin is not on the classpath (pass its"
            + " jar: spark-submit --jars rapids-4-spark_2.12-26.04.0.jar");
    assertEquals(
        List.of("cpu", "cpu", "cpu", "cpu", "cpu", "cpu", "cpu", "cpu"),
        metrics.get("test.devices"));
    @SuppressWarnings("unchecked")
    Map<String, Object> stage = (Map<String, Object>) metrics.get("gpu.stage.train");
    assertEquals(false, stage.get("on_gpu"));
    assertEquals(8, ((List<?>) stage.get("tasks")).size());
  }
}
