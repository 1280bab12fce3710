package io.mljobs.common.gpu;

import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.RunRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.SparkSession;

/**
 * Run in its own JVM by {@link GpuSchedulingLocalClusterTest} (a JVM holds one SparkContext, and
 * the test JVM's is the shared local[2] one): a local-cluster of 2 workers x 4 cores whose
 * discovery script reports 2 fake GPUs each; runs the check, one GPU stage and one CPU stage, and
 * writes what the run recorded for the manifest as JSON.
 *
 * <p>Arguments: output JSON file, fake discovery script, executor class path.
 */
public final class LocalClusterGpuProbe {
  private LocalClusterGpuProbe() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    String script = args[1];
    SparkSession spark =
        SparkSession.builder()
            .appName("mljobs gpu scheduling test")
            .master("local-cluster[2,4,1024]")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.executor.extraClassPath", args[2])
            .config("spark.worker.resource.gpu.amount", "2")
            .config("spark.worker.resource.gpu.discoveryScript", script)
            .config("spark.executor.resource.gpu.amount", "2")
            .config("spark.executor.resource.gpu.discoveryScript", script)
            .getOrCreate();
    try {
      GpuSettings settings =
          new GpuSettings(
              true,
              GpuFallback.FAIL,
              script,
              2,
              1.0,
              Duration.ofSeconds(90),
              false,
              "com.nvidia.spark.SQLPlugin",
              "cuda",
              4);
      RunRecorder recorder = new RunRecorder();
      GpuDecision decision = GpuGate.decide(spark, settings, recorder);

      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      JavaRDD<Integer> candidates = jsc.parallelize(IntStream.range(0, 8).boxed().toList(), 8);
      GpuStage train = GpuStage.named("train", decision);
      StageResult<String> trained =
          train.run(
              candidates,
              (rows, gpu) -> {
                Thread.sleep(1500); // long enough for tasks to overlap where Spark lets them
                return List.of(gpu.xgboostDevice()).iterator();
              });
      train.record(trained, recorder);

      // A plain stage of the same job: default profile, so its tasks hold no GPU.
      List<String> cpuStage =
          candidates
              .mapPartitions(
                  rows -> {
                    ResourceInformation gpu = TaskContext.get().resourcesJMap().get("gpu");
                    List<String> held = new ArrayList<>();
                    held.add(gpu == null ? "none" : String.join(",", gpu.addresses()));
                    return held.iterator();
                  })
              .collect();

      Map<String, Object> report = new LinkedHashMap<>();
      report.put("use_gpu", decision.useGpu());
      report.put("results", trained.results());
      report.put("cpu_stage", cpuStage);
      report.put("metrics", recorder.metrics());
      Files.writeString(out, ManifestJson.compact(report));
    } finally {
      spark.stop();
    }
  }
}
