package io.mljobs.common.gpu;

import static io.mljobs.common.gpu.GpuProfileConfigTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.error.JobFailure;
import io.mljobs.common.manifest.RunRecorder;
import io.mljobs.common.testing.SharedSpark;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The check after start on a session without GPUs (the shared local[2] one): the clear failure, and
 * the CPU fallback, recorded, with GPU stages then running on the CPU.
 */
@ExtendWith(SharedSpark.class)
class GpuGateTest {

  static GpuSettings gpu(GpuFallback fallback, boolean rapids) {
    return new GpuSettings(
        true,
        fallback,
        "/opt/gpu/discover-gpus.sh",
        1,
        1.0,
        Duration.ofSeconds(20),
        rapids,
        "com.nvidia.spark.SQLPlugin",
        "cuda",
        2);
  }

  @Test
  void withoutGpusTheJobFailsSayingWhatIsMissing(SparkSession spark) {
    RunRecorder recorder = new RunRecorder();
    JobFailure failure =
        assertThrows(
            JobFailure.class, () -> GpuGate.decide(spark, gpu(GpuFallback.FAIL, true), recorder));

    String message = failure.getMessage();
    assertContains(message, "The GPU profile is on but ");
    assertContains(
        message, "spark.plugins does not name the RAPIDS plugin com.nvidia.spark.SQLPlugin");
    assertContains(message, "Spark's local mode (master local[2]) has no stage-level scheduling");
    assertContains(message, "executors were started without GPUs");
    assertContains(message, "or set mljobs.gpu.fallback = cpu to run on CPU.");
    assertEquals(true, recorder.metrics().get("gpu.requested"));
    assertEquals(false, recorder.metrics().get("gpu.used"));
  }

  @Test
  void cpuFallbackIsRecordedAndGpuStagesRunOnCpu(SparkSession spark) {
    RunRecorder recorder = new RunRecorder();
    GpuDecision decision = GpuGate.decide(spark, gpu(GpuFallback.CPU, false), recorder);

    assertFalse(decision.useGpu());
    Map<String, Object> metrics = recorder.metrics();
    assertEquals(false, metrics.get("gpu.used"));
    assertContains((String) metrics.get("gpu.fallback_reason"), "local mode (master local[2])");

    GpuStage stage = GpuStage.named("train", decision);
    StageResult<String> result =
        stage.run(
            JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(List.of(1, 2, 3, 4), 2),
            (rows, device) -> List.of(device.xgboostDevice()).iterator());
    stage.record(result, recorder);

    assertEquals(List.of("cpu", "cpu"), result.results());
    assertEquals(2, result.tasks().size());
    assertTrue(result.tasks().stream().allMatch(t -> t.addresses().isEmpty()));
    @SuppressWarnings("unchecked")
    Map<String, Object> recorded = (Map<String, Object>) recorder.metrics().get("gpu.stage.train");
    assertEquals(false, recorded.get("on_gpu"));
    assertEquals(2, ((List<?>) recorded.get("tasks")).size());
  }

  @Test
  void profileOffIsRecordedAsNotRequested(SparkSession spark) {
    RunRecorder recorder = new RunRecorder();
    GpuDecision decision = GpuGate.decide(spark, GpuSettings.disabled(), recorder);
    assertFalse(decision.useGpu());
    assertEquals(false, recorder.metrics().get("gpu.requested"));
    assertEquals(false, recorder.metrics().get("gpu.used"));
  }

  @Test
  void assignedAddressIsTheCudaOrdinal() {
    assertEquals("cuda:3", new GpuAssignment(List.of("3")).xgboostDevice());
    assertEquals(3, new GpuAssignment(List.of("3", "4")).ordinal());
    assertEquals("cpu", GpuAssignment.none().xgboostDevice());
    assertEquals("cpu", GpuAssignment.current().xgboostDevice()); // not inside a task
    IllegalStateException bad =
        assertThrows(
            IllegalStateException.class, () -> new GpuAssignment(List.of("GPU-ab")).ordinal());
    assertContains(bad.getMessage(), "GPU address 'GPU-ab' is not a CUDA ordinal");
  }

  @Test
  void cpuPlanHasNoGpuOperators(SparkSession spark) {
    var df = spark.range(0, 100).selectExpr("id % 3 as k", "id").groupBy("k").count();
    df.collect();
    PlanPlacement placement = PlanPlacement.of(df);
    assertTrue(placement.onGpu().isEmpty(), placement.toString());
    assertTrue(placement.onCpu().contains("HashAggregate"), placement.toString());
    assertTrue(placement.onCpu().contains("Range"), placement.toString());
    assertFalse(placement.allOnGpu());
    RunRecorder recorder = new RunRecorder();
    placement.record("features", recorder);
    assertEquals(
        Map.of(
            "on_gpu",
            List.of(),
            "on_cpu",
            placement.onCpu(),
            "transitions",
            placement.transitions()),
        recorder.metrics().get("gpu.plan.features"));
  }

  @Test
  void rapidsOperatorNamesAreSortedByDevice() {
    // Node names as the RAPIDS Accelerator prints them (a GPU aggregate over a CPU-only scan).
    PlanPlacement placement =
        PlanPlacement.classify(
            List.of(
                "AdaptiveSparkPlan",
                "GpuColumnarToRow",
                "GpuHashAggregate",
                "GpuShuffleCoalesce",
                "ShuffleQueryStage",
                "GpuColumnarExchange",
                "GpuHashAggregate",
                "GpuRowToColumnar",
                "WholeStageCodegen (1)",
                "Scan ExistingRDD"));
    assertEquals(
        List.of("GpuHashAggregate", "GpuShuffleCoalesce", "GpuColumnarExchange"),
        placement.onGpu());
    assertEquals(List.of("Scan ExistingRDD"), placement.onCpu());
    assertEquals(List.of("GpuColumnarToRow", "GpuRowToColumnar"), placement.transitions());
  }
}
