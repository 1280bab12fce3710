package io.mljobs.common.gpu;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.spark.SparkSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the GPU checks that runs before Spark starts: the RAPIDS plugin class must be
 * loadable, or Spark itself would refuse to start with a bare {@code ClassNotFoundException}. With
 * {@code mljobs.gpu.fallback = cpu} the GPU settings are dropped from the session instead, and the
 * reason travels in the session's conf ({@link #FALLBACK_REASON}) to {@link GpuGate}, which records
 * it in the manifest.
 */
public final class GpuProfile {
  /** Spark conf entry that carries a fallback decided before the session started. */
  public static final String FALLBACK_REASON = "spark.mljobs.gpu.fallbackReason";

  /** Which RAPIDS release pairs with the pinned Spark 3.5.7 (see scripts/gpu/README.md). */
  public static final String RAPIDS_JAR = "rapids-4-spark_2.12-26.04.0.jar";

  private static final Logger LOG = LoggerFactory.getLogger(GpuProfile.class);

  private GpuProfile() {}

  /** {@code spark} as the GPU profile of {@code mljobs.gpu} leaves it (validated, exit 2). */
  public static SparkSettings sparkSettings(Settings mljobs, SparkSettings spark) {
    return apply(GpuSettings.from(mljobs), spark, GpuProfile::loadable);
  }

  static SparkSettings apply(GpuSettings gpu, SparkSettings spark, Predicate<String> loadable) {
    if (!gpu.enabled() || !gpu.rapids() || loadable.test(gpu.pluginClass())) {
      return spark;
    }
    String missing =
        "the RAPIDS Accelerator plugin "
            + gpu.pluginClass()
            + " is not on the classpath (pass its jar: spark-submit --jars "
            + RAPIDS_JAR
            + ", see scripts/gpu/README.md)";
    if (gpu.fallback() == GpuFallback.FAIL) {
      throw new ConfigError(
          "mljobs.gpu.rapids.enabled",
          "The GPU profile is on but "
              + missing
              + ". Add the jar, or set mljobs.gpu.fallback = cpu to run on CPU instead.");
    }
    LOG.warn("GPU profile falls back to CPU: {}", missing);
    Map<String, String> conf = new LinkedHashMap<>();
    spark
        .conf()
        .forEach(
            (k, v) -> {
              if (!GpuSettings.isGpuSparkKey(k)) {
                conf.put(k, v);
              }
            });
    conf.put(FALLBACK_REASON, missing);
    return new SparkSettings(
        spark.profile(),
        spark.master(),
        spark.shufflePartitions(),
        spark.ui(),
        conf,
        spark.logLevel());
  }

  static boolean loadable(String className) {
    try {
      Class.forName(className, false, Thread.currentThread().getContextClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
