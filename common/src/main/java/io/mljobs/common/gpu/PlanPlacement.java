package io.mljobs.common.gpu;

import io.mljobs.common.manifest.RunRecorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import scala.collection.JavaConverters;

/**
 * Which operators of an executed plan ran on the GPU and which fell back to the CPU. The RAPIDS
 * Accelerator replaces each operator it runs with a {@code Gpu*} one ({@code GpuProject}, {@code
 * GpuHashAggregate}); whatever keeps its Spark name ran on the CPU ({@code spark.rapids.sql.explain
 * = NOT_ON_GPU} logs why). Row/columnar transitions are listed apart.
 *
 * @param onGpu GPU operators, distinct, in plan order
 * @param onCpu CPU operators, distinct, in plan order
 * @param transitions row/columnar conversions between the two
 */
public record PlanPlacement(List<String> onGpu, List<String> onCpu, List<String> transitions) {
  // Plan nodes that only wrap others (AQE, whole-stage codegen): not operators of their own.
  private static final Set<String> WRAPPERS =
      Set.of(
          "AdaptiveSparkPlan",
          "InputAdapter",
          "ShuffleQueryStage",
          "BroadcastQueryStage",
          "TableCacheQueryStage",
          "ResultQueryStage");

  public PlanPlacement {
    onGpu = List.copyOf(onGpu);
    onCpu = List.copyOf(onCpu);
    transitions = List.copyOf(transitions);
  }

  /** The placement of {@code df}'s executed plan (after an action, AQE's final plan). */
  public static PlanPlacement of(Dataset<?> df) {
    List<String> names = new ArrayList<>();
    walk(df.queryExecution().executedPlan(), names);
    return classify(names);
  }

  /** Sorts plan node names into GPU, CPU and transitions. */
  public static PlanPlacement classify(List<String> nodeNames) {
    Set<String> gpu = new LinkedHashSet<>();
    Set<String> cpu = new LinkedHashSet<>();
    Set<String> transitions = new LinkedHashSet<>();
    for (String raw : nodeNames) {
      String name = raw.replaceAll(" \\(\\d+\\)$", "").trim(); // "WholeStageCodegen (3)"
      if (WRAPPERS.contains(name) || name.startsWith("WholeStageCodegen")) {
        continue;
      }
      if (name.contains("ColumnarToRow") || name.contains("RowToColumnar")) {
        transitions.add(name);
      } else if (name.startsWith("Gpu")) {
        gpu.add(name);
      } else {
        cpu.add(name);
      }
    }
    return new PlanPlacement(List.copyOf(gpu), List.copyOf(cpu), List.copyOf(transitions));
  }

  /** True when every operator ran on the GPU. */
  public boolean allOnGpu() {
    return !onGpu.isEmpty() && onCpu.isEmpty();
  }

  /** The manifest form. */
  public Map<String, Object> toManifest() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("on_gpu", onGpu);
    m.put("on_cpu", onCpu);
    m.put("transitions", transitions);
    return m;
  }

  /** Records this placement in the manifest as {@code gpu.plan.<name>}. */
  public void record(String name, RunRecorder recorder) {
    recorder.metric("gpu.plan." + name, toManifest());
  }

  private static void walk(SparkPlan node, List<String> names) {
    names.add(node.nodeName());
    if (node instanceof AdaptiveSparkPlanExec adaptive) {
      walk(adaptive.executedPlan(), names);
    } else if (node instanceof QueryStageExec stage) {
      walk(stage.plan(), names);
    }
    for (SparkPlan child : JavaConverters.seqAsJavaList(node.children())) {
      walk(child, names);
    }
  }
}
