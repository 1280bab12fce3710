package io.mljobs.common.gpu;

import java.util.List;

/**
 * What a {@link GpuStage} returned and where each task ran.
 *
 * @param results every task's results, in partition order
 * @param tasks one entry per successful task attempt, in partition order
 * @param onGpu whether the stage ran with the GPU resource profile
 */
public record StageResult<R>(List<R> results, List<TaskAssignment> tasks, boolean onGpu) {
  public StageResult {
    results = List.copyOf(results);
    tasks = List.copyOf(tasks);
  }
}
