package io.mljobs.common.gpu;

import java.util.List;

/**
 * Whether this run's GPU stages run on GPUs, decided once by {@link GpuGate} after Spark started.
 *
 * @param useGpu true: GPU stages request GPUs through their resource profile
 * @param settings the GPU profile
 * @param fallbackReason why the run uses the CPU although GPUs were asked for (null otherwise)
 * @param probe the probe tasks and the GPUs they held (empty without a probe)
 */
public record GpuDecision(
    boolean useGpu, GpuSettings settings, String fallbackReason, List<TaskAssignment> probe) {
  public GpuDecision {
    probe = List.copyOf(probe);
  }

  /** CPU on purpose: the GPU profile is off. */
  public static GpuDecision cpu(GpuSettings settings) {
    return new GpuDecision(false, settings, null, List.of());
  }
}
