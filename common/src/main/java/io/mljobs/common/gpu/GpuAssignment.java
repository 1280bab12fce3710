package io.mljobs.common.gpu;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The GPUs Spark assigned to the running task ({@code TaskContext.resources().get("gpu")}). Model
 * code inside a task asks {@link #current()} which device to use, e.g. XGBoost's {@code device =
 * cuda:<ordinal>}, so two tasks on one executor never train on the same GPU.
 *
 * @param addresses the addresses Spark gave this task (empty: no GPU, run on CPU)
 */
public record GpuAssignment(List<String> addresses) implements Serializable {
  private static final long serialVersionUID = 1L;

  public GpuAssignment {
    addresses = List.copyOf(addresses);
  }

  /** No GPU: CPU device. */
  public static GpuAssignment none() {
    return new GpuAssignment(List.of());
  }

  /** The running task's GPUs; {@link #none()} outside a task or when it got none. */
  public static GpuAssignment current() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return none();
    }
    Map<String, ResourceInformation> resources = task.resourcesJMap();
    ResourceInformation gpu = resources.get(GpuSettings.GPU);
    return gpu == null ? none() : new GpuAssignment(List.of(gpu.addresses()));
  }

  /** Whether the task holds a GPU. */
  public boolean onGpu() {
    return !addresses.isEmpty();
  }

  /**
   * The CUDA ordinal of the first assigned GPU (addresses from nvidia-smi are ordinals), or -1 on
   * CPU.
   */
  public int ordinal() {
    if (!onGpu()) {
      return -1;
    }
    try {
      return Integer.parseInt(addresses.get(0).trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "GPU address '"
              + addresses.get(0)
              + "' is not a CUDA ordinal; the discovery script must report nvidia-smi indices.");
    }
  }

  /** XGBoost's {@code device} parameter for this task: {@code cuda:<ordinal>} or {@code cpu}. */
  public String xgboostDevice() {
    return onGpu() ? "cuda:" + ordinal() : "cpu";
  }
}
