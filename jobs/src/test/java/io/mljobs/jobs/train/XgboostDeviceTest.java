package io.mljobs.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigLoader;
import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.config.Settings;
import io.mljobs.common.gpu.GpuDecision;
import io.mljobs.common.gpu.GpuFallback;
import io.mljobs.common.gpu.GpuSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-models on the GPU profile: which device an XGBoost candidate trains on. */
class XgboostDeviceTest {
  private static final Path ROOT =
      Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();

  @TempDir Path warehouse;

  private static GpuSettings profile() {
    return new GpuSettings(
        true,
        GpuFallback.CPU,
        "/opt/gpu/discover-gpus.sh",
        1,
        1.0,
        Duration.ofSeconds(20),
        false,
        "com.nvidia.spark.SQLPlugin",
        "cuda",
        2);
  }

  private static CandidateSpec xgboost(Map<String, Object> params) {
    return new CandidateSpec("xgb", Algorithm.XGBOOST, params, Map.of());
  }

  private static Object param(Estimator<?> estimator, String name) {
    return estimator.getOrDefault(estimator.getParam(name));
  }

  @Test
  void withGpusAnXgboostCandidateTrainsOnTheProfilesDeviceWithOneWorkerPerGpu() {
    CandidateSpec candidate = xgboost(Map.of());
    Estimator<?> estimator =
        XgboostDevice.onDevice(
            candidate.estimator(Task.BINARY_CLASSIFICATION, 7),
            candidate,
            new GpuDecision(true, profile(), null, List.of()));
    assertEquals("cuda", param(estimator, "device"));
    assertEquals(2, param(estimator, "numWorkers"));
  }

  @Test
  void aDeviceTheCandidateSetsItselfWins() {
    CandidateSpec candidate = xgboost(Map.of("device", "cpu"));
    Estimator<?> estimator =
        XgboostDevice.onDevice(
            candidate.estimator(Task.BINARY_CLASSIFICATION, 7),
            candidate,
            new GpuDecision(true, profile(), null, List.of()));
    assertEquals("cpu", param(estimator, "device"));
    assertEquals(2, param(estimator, "numWorkers"));
  }

  @Test
  void withoutGpusOrForOtherFamiliesTheEstimatorIsLeftAsConfigMadeIt() {
    CandidateSpec candidate = xgboost(Map.of());
    Estimator<?> configured = candidate.estimator(Task.BINARY_CLASSIFICATION, 7);
    // The CPU fallback after a failed check, and the profile off: no GPU device.
    GpuDecision fellBack = new GpuDecision(false, profile(), "no GPU here", List.of());
    assertSame(configured, XgboostDevice.onDevice(configured, candidate, fellBack));
    assertSame(
        configured,
        XgboostDevice.onDevice(configured, candidate, GpuDecision.cpu(GpuSettings.disabled())));
    assertFalse(configured.isSet(configured.getParam("device")));

    CandidateSpec gbt = new CandidateSpec("gbt", Algorithm.GBT, Map.of(), Map.of());
    Estimator<?> plain = gbt.estimator(Task.BINARY_CLASSIFICATION, 7);
    assertSame(
        plain,
        XgboostDevice.onDevice(plain, gbt, new GpuDecision(true, profile(), null, List.of())));
  }

  @Test
  void theGpuEnvironmentReachesTrainModelsConfig() {
    Settings mljobs =
        ConfigLoader.load(
                new ConfigRequest(
                    ROOT.resolve("conf/pipelines/demo"),
                    "gpu",
                    null,
                    Map.of("mljobs.warehouse", warehouse.toString())))
            .settings()
            .section("mljobs");
    GpuSettings gpu = TrainModelsConfig.from(mljobs, "train-models").gpu();
    assertTrue(gpu.enabled());
    assertEquals("cuda", gpu.xgboostDevice());

    Settings local =
        ConfigLoader.load(
                new ConfigRequest(
                    ROOT.resolve("conf/pipelines/demo"),
                    "local",
                    null,
                    Map.of("mljobs.warehouse", warehouse.toString())))
            .settings()
            .section("mljobs");
    assertEquals(false, TrainModelsConfig.from(local, "train-models").gpu().enabled());
  }
}
