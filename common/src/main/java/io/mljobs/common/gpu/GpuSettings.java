package io.mljobs.common.gpu;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code mljobs.gpu} section, checked against the Spark settings it must agree with ({@code
 * mljobs.spark.conf}). Read before Spark starts, so an inconsistent GPU profile fails with exit 2
 * naming the key.
 *
 * @param enabled whether jobs ask for GPUs at all (false: everything runs as before, on CPU)
 * @param fallback what to do when the plugin or the GPUs are missing
 * @param discoveryScript the script executors run to find their GPUs (Spark's JSON format)
 * @param executorAmount GPUs per executor ({@code spark.executor.resource.gpu.amount})
 * @param taskAmount GPUs one task of a GPU stage (training) holds; 1 = a whole GPU
 * @param probeTimeout how long the check after start waits for a probe task to get a GPU
 * @param rapids whether the RAPIDS Accelerator is expected ({@code spark.plugins} names it)
 * @param pluginClass the RAPIDS plugin class ({@code com.nvidia.spark.SQLPlugin})
 * @param xgboostDevice XGBoost's {@code device} parameter for GPU stages ({@code cuda} or {@code
 *     cpu})
 * @param xgboostWorkers XGBoost's {@code num_workers}: one per GPU of the cluster
 */
public record GpuSettings(
    boolean enabled,
    GpuFallback fallback,
    String discoveryScript,
    int executorAmount,
    double taskAmount,
    Duration probeTimeout,
    boolean rapids,
    String pluginClass,
    String xgboostDevice,
    int xgboostWorkers) {

  /** The resource name Spark uses for GPUs. */
  public static final String GPU = "gpu";

  static final String EXECUTOR_AMOUNT = "spark.executor.resource.gpu.amount";
  static final String EXECUTOR_SCRIPT = "spark.executor.resource.gpu.discoveryScript";
  static final String TASK_AMOUNT = "spark.task.resource.gpu.amount";
  static final String PLUGINS = "spark.plugins";
  static final List<String> DEVICES = List.of("cuda", "cpu");

  /** GPUs off: what every environment but {@code gpu} gets. */
  public static GpuSettings disabled() {
    return new GpuSettings(
        false,
        GpuFallback.FAIL,
        "",
        0,
        1.0,
        Duration.ofSeconds(60),
        false,
        "com.nvidia.spark.SQLPlugin",
        "cpu",
        1);
  }

  /** Reads and validates {@code mljobs.gpu} against {@code mljobs.spark.conf}. */
  public static GpuSettings from(Settings mljobs) {
    Settings gpu = mljobs.sectionOrEmpty("gpu");
    Settings rapids = gpu.sectionOrEmpty("rapids");
    Settings xgboost = gpu.sectionOrEmpty("xgboost");
    boolean enabled = gpu.bool("enabled", false);
    GpuFallback fallback = gpu.choice("fallback", GpuFallback.class, GpuFallback.FAIL);
    String script = gpu.string("discovery-script", "");
    double taskAmount = gpu.number("task-amount", 1.0);
    Duration probeTimeout = gpu.duration("probe-timeout", Duration.ofSeconds(60));
    boolean rapidsOn = rapids.bool("enabled", false);
    String pluginClass = rapids.string("plugin-class", "com.nvidia.spark.SQLPlugin");
    String device = xgboost.string("device", "cuda");
    int workers = xgboost.integer("num-workers", 1, 1);
    rapids.rejectUnknownKeys();
    xgboost.rejectUnknownKeys();
    gpu.rejectUnknownKeys();
    if (!enabled) {
      return disabled();
    }
    Map<String, String> spark = mljobs.section("spark").stringMap("conf");
    String sparkKey = "mljobs.spark.conf.\"";
    int executorAmount = wholeGpus(spark, sparkKey);
    if (!DEVICES.contains(device)) {
      throw new ConfigError(
          xgboost.fullKey("device"),
          "Config key '"
              + xgboost.fullKey("device")
              + "' must be one of "
              + DEVICES
              + ", but is '"
              + device
              + "'.");
    }
    if (script.isBlank() || !script.equals(spark.get(EXECUTOR_SCRIPT))) {
      throw new ConfigError(
          gpu.fullKey("discovery-script"),
          "The GPU profile is inconsistent: '"
              + gpu.fullKey("discovery-script")
              + "' is '"
              + script
              + "' but "
              + sparkKey
              + EXECUTOR_SCRIPT
              + "\" is '"
              + spark.getOrDefault(EXECUTOR_SCRIPT, "")
              + "'. Set both to the same script (conf/env/gpu.conf does it with a substitution).");
    }
    requireAtMost(gpu.fullKey("task-amount"), taskAmount, executorAmount);
    if (spark.containsKey(TASK_AMOUNT)) {
      requireAtMost(
          sparkKey + TASK_AMOUNT + "\"", parse(spark, TASK_AMOUNT, sparkKey), executorAmount);
    }
    boolean pluginListed =
        Arrays.stream(spark.getOrDefault(PLUGINS, "").split(","))
            .map(String::trim)
            .anyMatch(pluginClass::equals);
    if (rapidsOn != pluginListed) {
      throw new ConfigError(
          rapids.fullKey("enabled"),
          "The GPU profile is inconsistent: '"
              + rapids.fullKey("enabled")
              + "' is "
              + rapidsOn
              + " but "
              + sparkKey
              + PLUGINS
              + "\" "
              + (pluginListed ? "names " : "does not name ")
              + pluginClass
              + ". Change both together.");
    }
    return new GpuSettings(
        true,
        fallback,
        script,
        executorAmount,
        taskAmount,
        probeTimeout,
        rapidsOn,
        pluginClass,
        device,
        workers);
  }

  /** The Spark settings the GPU profile owns; dropped when the profile falls back to CPU. */
  public static boolean isGpuSparkKey(String key) {
    return key.startsWith("spark.rapids.")
        || key.startsWith("spark.executor.resource.gpu.")
        || key.startsWith("spark.task.resource.gpu.")
        || Set.of(PLUGINS).contains(key);
  }

  private static int wholeGpus(Map<String, String> spark, String sparkKey) {
    String key = sparkKey + EXECUTOR_AMOUNT + "\"";
    String value = spark.get(EXECUTOR_AMOUNT);
    int amount;
    try {
      amount = value == null ? 0 : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      amount = 0;
    }
    if (amount < 1) {
      throw new ConfigError(
          key,
          "The GPU profile needs "
              + key
              + " (GPUs per executor) set to a whole number of at least 1, but it is '"
              + value
              + "'. Use --env gpu, or set it next to mljobs.gpu.enabled = true.");
    }
    return amount;
  }

  private static double parse(Map<String, String> spark, String name, String sparkKey) {
    try {
      return Double.parseDouble(spark.get(name).trim());
    } catch (NumberFormatException e) {
      throw new ConfigError(
          sparkKey + name + "\"",
          "Config key "
              + sparkKey
              + name
              + "\" must be a number, but is '"
              + spark.get(name)
              + "'.");
    }
  }

  private static void requireAtMost(String key, double value, int executorAmount) {
    if (value <= 0 || value > executorAmount) {
      throw new ConfigError(
          key,
          "The GPU profile is inconsistent: "
              + key
              + " is "
              + value
              + ", but a task can hold between 0 (exclusive) and the executor's "
              + executorAmount
              + " GPU(s) ("
              + EXECUTOR_AMOUNT
              + "). Lower it or give executors more GPUs.");
    }
  }
}
