package io.mljobs.common.gpu;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.config.Settings;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.InMemoryManifestStore;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.testing.ConfigFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Run in its own JVM by {@link GpuSchedulingLocalClusterTest} (a JVM holds one SparkContext, and
 * the test JVM's is the shared local[2] one). Runs a job through the real {@link JobRunner} on a
 * local-cluster of 2 workers x 4 cores whose discovery script reports 2 fake GPUs each: the job
 * runs the check after start, one GPU stage and one plain stage; the run manifest is written as
 * JSON.
 *
 * <p>Arguments: output manifest file, fake discovery script, executor class path, scratch folder.
 */
public final class LocalClusterGpuProbe {
  private LocalClusterGpuProbe() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    String script = args[1];
    Path scratch = Path.of(args[3]);
    ConfigFixture conf = ConfigFixture.create(scratch, scratch.resolve("warehouse"));
    conf.write(
        "env/gpu-test.conf",
        """
        mljobs {
          warehouse = "%s"
          spark {
            profile = local
            master = "local-cluster[2,4,1024]"
            conf {
              "spark.executor.extraClassPath" = "%s"
              "spark.worker.resource.gpu.amount" = "2"
              "spark.worker.resource.gpu.discoveryScript" = ${mljobs.gpu.discovery-script}
              "spark.executor.resource.gpu.amount" = "2"
              "spark.executor.resource.gpu.discoveryScript" = ${mljobs.gpu.discovery-script}
            }
          }
          gpu {
            enabled = true
            discovery-script = "%s"
            probe-timeout = 90s
            xgboost.num-workers = 4
          }
        }
        """
            .formatted(scratch.resolve("warehouse"), args[2], script));
    InMemoryManifestStore store = new InMemoryManifestStore();
    int code =
        new JobRunner(
                JobRegistry.of(new TrainOnGpusJob()),
                System.out,
                System.err,
                (spark, runtime) -> store)
            .run(
                new JobInvocation(
                    "train-on-gpus",
                    new ConfigRequest(conf.pipelineDir(), "gpu-test", conf.confDir(), Map.of()),
                    LocalDate.parse("2026-11-26"),
                    "gpu-scheduling",
                    true));
    if (store.all().isEmpty()) {
      System.exit(code == 0 ? 3 : code);
    }
    Files.writeString(out, ManifestJson.write(store.all().get(0)));
    System.exit(code);
  }

  /** Stands in for train-models: eight candidates trained in one GPU stage. */
  static final class TrainOnGpusJob implements SparkJob<GpuSettings> {
    @Override
    public String name() {
      return "train-on-gpus";
    }

    @Override
    public String description() {
      return "test job";
    }

    @Override
    public GpuSettings configure(Settings mljobs) {
      return GpuSettings.from(mljobs);
    }

    @Override
    public JobResult run(JobContext<GpuSettings> context) {
      GpuDecision decision = GpuGate.decide(context.spark(), context.config(), context.recorder());
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(context.spark().sparkContext());
      JavaRDD<Integer> candidates = jsc.parallelize(IntStream.range(0, 8).boxed().toList(), 8);
      GpuStage train = GpuStage.named("train", decision);
      StageResult<String> trained =
          train.run(
              candidates,
              (rows, gpu) -> {
                Thread.sleep(1500); // long enough for tasks to overlap where Spark lets them
                return List.of(gpu.xgboostDevice()).iterator();
              });
      train.record(trained, context.recorder());
      context.metric("test.devices", trained.results());

      // A plain stage of the same job: default profile, so its tasks hold no GPU.
      List<String> plain =
          candidates
              .mapPartitions(
                  rows -> {
                    ResourceInformation gpu = TaskContext.get().resourcesJMap().get("gpu");
                    List<String> held = new ArrayList<>();
                    held.add(gpu == null ? "none" : String.join(",", gpu.addresses()));
                    return held.iterator();
                  })
              .collect();
      context.metric("test.cpu_stage", plain);
      return JobResult.ok("trained " + trained.results().size() + " candidates");
    }
  }
}
