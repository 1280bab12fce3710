package io.mljobs.common.gpu;

import io.mljobs.common.error.JobFailure;
import io.mljobs.common.manifest.RunRecorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The check after Spark started, run once per job before its GPU stages: the plugin is loaded, the
 * master supports stage-level scheduling, executors have GPUs, and a probe stage's tasks actually
 * receive GPU addresses. Any problem either fails the job ({@code fallback = fail}: {@link
 * JobFailure}, exit 1, the message says what is missing) or switches it to CPU ({@code fallback =
 * cpu}: a warning in the log and {@code gpu.fallback_reason} in the manifest).
 *
 * <p>Records {@code gpu.requested}, {@code gpu.used}, {@code gpu.fallback_reason} and {@code
 * gpu.probe} (the probe tasks and their addresses) as manifest metrics.
 */
public final class GpuGate {
  private static final Logger LOG = LoggerFactory.getLogger(GpuGate.class);

  private GpuGate() {}

  /** Decides (and records) whether this run's GPU stages use GPUs. */
  public static GpuDecision decide(SparkSession spark, GpuSettings settings, RunRecorder recorder) {
    recorder.metric("gpu.requested", settings.enabled());
    if (!settings.enabled()) {
      recorder.metric("gpu.used", false);
      return GpuDecision.cpu(settings);
    }
    SparkContext sc = spark.sparkContext();
    List<String> problems = new ArrayList<>(configProblems(spark, settings));
    List<TaskAssignment> probe = List.of();
    if (problems.isEmpty()) {
      GpuDecision trial = new GpuDecision(true, settings, null, List.of());
      try {
        probe = probe(sc, trial);
        if (probe.isEmpty() || probe.stream().anyMatch(t -> t.addresses().isEmpty())) {
          problems.add("the probe tasks got no GPU address (TaskContext.resources() has no 'gpu')");
        }
      } catch (TimeoutException e) {
        problems.add(
            "no executor offered a GPU within "
                + settings.probeTimeout().toSeconds()
                + "s (mljobs.gpu.probe-timeout): check that the discovery script '"
                + settings.discoveryScript()
                + "' runs on every executor host and reports GPUs, and on standalone that workers"
                + " offer them (spark.worker.resource.gpu.amount)");
      }
    }
    recorder.metric("gpu.probe", probe.stream().map(TaskAssignment::toManifest).toList());
    if (problems.isEmpty()) {
      recorder.metric("gpu.used", true);
      return new GpuDecision(true, settings, null, probe);
    }
    String reason = String.join("; ", problems);
    if (settings.fallback() == GpuFallback.FAIL) {
      recorder.metric("gpu.used", false);
      throw new JobFailure(
          "The GPU profile is on but "
              + reason
              + ". Fix the cluster (see README, \"GPU\"), run with --env cluster, or set"
              + " mljobs.gpu.fallback = cpu to run on CPU.");
    }
    LOG.warn("GPU profile falls back to CPU: {}", reason);
    recorder.metric("gpu.used", false);
    recorder.metric("gpu.fallback_reason", reason);
    return new GpuDecision(false, settings, reason, probe);
  }

  /** What the session's settings already rule out, without running anything. */
  static List<String> configProblems(SparkSession spark, GpuSettings settings) {
    SparkContext sc = spark.sparkContext();
    SparkConf conf = sc.getConf();
    List<String> problems = new ArrayList<>();
    // The session's conf: it also holds what the builder set on a session that already existed.
    Option<String> fallback = spark.conf().getOption(GpuProfile.FALLBACK_REASON);
    if (fallback.isDefined()) {
      problems.add(fallback.get());
      return problems; // the session was started without GPU settings
    }
    if (settings.rapids()) {
      boolean listed =
          Arrays.stream(conf.get(GpuSettings.PLUGINS, "").split(","))
              .map(String::trim)
              .anyMatch(settings.pluginClass()::equals);
      if (!listed) {
        problems.add("spark.plugins does not name the RAPIDS plugin " + settings.pluginClass());
      } else if (!GpuProfile.loadable(settings.pluginClass())) {
        problems.add(
            "the RAPIDS plugin "
                + settings.pluginClass()
                + " is not on the classpath (spark-submit --jars "
                + GpuProfile.RAPIDS_JAR
                + ")");
      }
    }
    ResourceProfiles.unsupported(sc).ifPresent(problems::add);
    if (conf.getInt(GpuSettings.EXECUTOR_AMOUNT, 0) < 1
        && !ResourceProfiles.dynamicAllocation(conf)) {
      problems.add(
          "executors were started without GPUs ("
              + GpuSettings.EXECUTOR_AMOUNT
              + " is not set) and dynamic allocation is off, so none can be added");
    }
    return problems;
  }

  /** One short task per GPU the profile expects, each reporting the addresses it held. */
  private static List<TaskAssignment> probe(SparkContext sc, GpuDecision trial)
      throws TimeoutException {
    int tasks = Math.max(1, trial.settings().xgboostWorkers());
    JavaRDD<Integer> slots =
        JavaSparkContext.fromSparkContext(sc)
            .parallelize(IntStream.range(0, tasks).boxed().toList(), tasks);
    StageResult<Integer> result =
        GpuStage.named("probe", trial)
            .run(
                slots,
                (rows, gpu) -> Collections.<Integer>emptyIterator(),
                trial.settings().probeTimeout().toMillis());
    return result.tasks();
  }
}
