package io.mljobs.common.gpu;

import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.resource.ExecutorResourceRequests;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;

/**
 * The Spark {@link ResourceProfile} of a GPU stage. What Spark 3.5 supports decides its shape:
 *
 * <ul>
 *   <li>dynamic allocation on (standalone, YARN, Kubernetes): a full profile; Spark starts
 *       executors with GPUs for the stage while CPU stages keep their CPU-only executors.
 *   <li>dynamic allocation off (standalone and local-cluster: SPARK-39853; Kubernetes: SPARK-45495;
 *       YARN, per Spark's "Stage Level Scheduling Overview"): a task-only profile; the stage's
 *       tasks claim GPUs of the default executors (which must have them: {@code
 *       spark.executor.resource.gpu.amount}), while CPU stages run on the same executors without
 *       claiming any.
 *   <li>local mode ({@code local[N]}): no stage-level scheduling at all.
 * </ul>
 */
public final class ResourceProfiles {
  private ResourceProfiles() {}

  /** Why stage-level scheduling cannot work on this session, if it cannot. */
  public static Optional<String> unsupported(SparkContext sc) {
    String master = sc.master();
    if (master.startsWith("local") && !master.startsWith("local-cluster")) {
      return Optional.of(
          "Spark's local mode (master "
              + master
              + ") has no stage-level scheduling; GPU stages need a spark://, local-cluster,"
              + " yarn or k8s master");
    }
    return Optional.empty();
  }

  /** Whether Spark will start executors per profile (dynamic allocation on). */
  public static boolean dynamicAllocation(SparkConf conf) {
    return conf.getBoolean("spark.dynamicAllocation.enabled", false);
  }

  /** The profile a GPU stage's tasks run with: {@code settings.taskAmount()} GPUs per task. */
  public static ResourceProfile forGpuTasks(SparkContext sc, GpuSettings settings) {
    SparkConf conf = sc.getConf();
    TaskResourceRequests tasks =
        new TaskResourceRequests()
            .cpus(conf.getInt("spark.task.cpus", 1))
            .resource(GpuSettings.GPU, settings.taskAmount());
    ResourceProfileBuilder builder = new ResourceProfileBuilder().require(tasks);
    if (dynamicAllocation(conf)) {
      ExecutorResourceRequests executors =
          new ExecutorResourceRequests()
              .cores(conf.getInt("spark.executor.cores", 1))
              .resource(GpuSettings.GPU, settings.executorAmount(), settings.discoveryScript(), "");
      builder.require(executors);
    }
    return builder.build();
  }
}
