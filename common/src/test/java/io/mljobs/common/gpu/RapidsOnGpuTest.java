package io.mljobs.common.gpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Runs only on a machine with an NVIDIA GPU and the RAPIDS jar on the test classpath; anywhere else
 * it is reported as skipped, with the reason, never as passed. scripts/gpu/check.sh is the full GPU
 * check (RAPIDS on/off, XGBoost cuda/cpu). Run it alone ({@code -Dtest=RapidsOnGpuTest}): in a JVM
 * where the shared local session already runs, {@code getOrCreate} would return that one.
 */
class RapidsOnGpuTest {

  static boolean nvidiaSmiPresent() {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "nvidia-smi")));
  }

  @Test
  void rapidsRunsTheAggregateOnTheGpu() {
    assumeTrue(nvidiaSmiPresent(), "skipped: no GPU here (nvidia-smi is not on the PATH)");
    assumeTrue(
        GpuProfile.loadable("com.nvidia.spark.SQLPlugin"),
        "skipped: the RAPIDS jar (" + GpuProfile.RAPIDS_JAR + ") is not on the test classpath");
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .config("spark.plugins", "com.nvidia.spark.SQLPlugin")
            .config("spark.rapids.sql.explain", "NOT_ON_GPU")
            .getOrCreate();
    var df = spark.range(0, 1_000_000).selectExpr("id % 7 as k", "id").groupBy("k").count();
    df.collect();
    PlanPlacement placement = PlanPlacement.of(df);
    assertTrue(placement.onGpu().contains("GpuHashAggregate"), placement.toString());
  }
}
