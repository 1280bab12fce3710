package io.mljobs.common.gpu;

import io.mljobs.common.manifest.RunRecorder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Runs one stage (a {@code mapPartitions} over an RDD) with GPU task resources while the rest of
 * the job keeps Spark's default profile, and records which GPUs each task held in the manifest
 * ({@code gpu.stage.<name>}). Each task calls its {@link GpuTask} with the {@link GpuAssignment}
 * Spark gave it; when the decision is CPU, the same code runs without a profile and is told {@code
 * cpu}.
 *
 * <pre>{@code
 * GpuDecision gpu = GpuGate.decide(spark, gpuSettings, context.recorder());
 * StageResult<Metrics> trained =
 *     GpuStage.named("train-models", gpu)
 *         .run(candidates.javaRDD(), (rows, device) -> train(rows, device.xgboostDevice()));
 * trained.record(context.recorder());
 * }</pre>
 */
public final class GpuStage {
  private final String name;
  private final GpuDecision decision;

  private GpuStage(String name, GpuDecision decision) {
    this.name = name;
    this.decision = decision;
  }

  /** A GPU stage named {@code name} (in the manifest and the Spark UI) under {@code decision}. */
  public static GpuStage named(String name, GpuDecision decision) {
    return new GpuStage(name, decision);
  }

  /** Runs {@code task} over every partition of {@code input} and collects the results. */
  public <T, R> StageResult<R> run(JavaRDD<T> input, GpuTask<T, R> task) {
    try {
      return run(input, task, 0);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e); // cannot happen without a timeout
    }
  }

  /** As {@link #run(JavaRDD, GpuTask)}, cancelled after {@code timeoutMs} (0: no limit). */
  <T, R> StageResult<R> run(JavaRDD<T> input, GpuTask<T, R> task, long timeoutMs)
      throws TimeoutException {
    CollectionAccumulator<TaskAssignment> tasks =
        input.context().collectionAccumulator("gpu stage " + name);
    JavaRDD<R> stage = input.mapPartitions(new Runner<>(task, tasks)).setName("gpu stage " + name);
    if (decision.useGpu()) {
      stage =
          stage.withResources(ResourceProfiles.forGpuTasks(input.context(), decision.settings()));
    }
    List<R> results;
    JavaFutureAction<List<R>> job = stage.collectAsync();
    try {
      results = timeoutMs > 0 ? job.get(timeoutMs, TimeUnit.MILLISECONDS) : job.get();
    } catch (TimeoutException e) {
      job.cancel(true);
      throw e;
    } catch (InterruptedException e) {
      job.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while GPU stage " + name + " ran", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
    List<TaskAssignment> assigned = new ArrayList<>(tasks.value());
    assigned.sort(
        Comparator.comparingInt(TaskAssignment::partition)
            .thenComparingInt(TaskAssignment::attempt));
    return new StageResult<>(results, assigned, decision.useGpu());
  }

  /** Records {@code result} in the manifest as {@code gpu.stage.<name>}. */
  public void record(StageResult<?> result, RunRecorder recorder) {
    Map<String, Object> stage = new LinkedHashMap<>();
    stage.put("on_gpu", result.onGpu());
    stage.put("tasks", result.tasks().stream().map(TaskAssignment::toManifest).toList());
    recorder.metric("gpu.stage." + name, stage);
  }

  /** Times the task's work and notes the GPUs it held. */
  private static final class Runner<T, R> implements FlatMapFunction<Iterator<T>, R> {
    private static final long serialVersionUID = 1L;
    private final GpuTask<T, R> task;
    private final CollectionAccumulator<TaskAssignment> assignments;

    Runner(GpuTask<T, R> task, CollectionAccumulator<TaskAssignment> assignments) {
      this.task = task;
      this.assignments = assignments;
    }

    @Override
    public Iterator<R> call(Iterator<T> rows) throws Exception {
      long start = System.currentTimeMillis();
      GpuAssignment gpu = GpuAssignment.current();
      List<R> out = new ArrayList<>();
      task.call(rows, gpu).forEachRemaining(out::add); // done here, so the end time is the work's
      TaskContext context = TaskContext.get();
      assignments.add(
          new TaskAssignment(
              context.stageId(),
              context.partitionId(),
              context.attemptNumber(),
              SparkEnv.get().executorId(),
              gpu.addresses(),
              gpu.xgboostDevice(),
              start,
              System.currentTimeMillis()));
      return out.iterator();
    }
  }
}
