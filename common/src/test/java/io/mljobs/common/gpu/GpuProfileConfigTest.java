package io.mljobs.common.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.ConfigLoader;
import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.config.Settings;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.job.RuntimeSettings;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.InMemoryManifestStore;
import io.mljobs.common.spark.SparkProfile;
import io.mljobs.common.spark.SparkSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPU profile ({@code --env gpu}) as the real loader resolves it from conf/. */
class GpuProfileConfigTest {
  private static final Path ROOT =
      Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();

  @TempDir Path warehouse;

  private Settings mljobs(Map<String, String> sets) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("mljobs.warehouse", warehouse.toString());
    overrides.putAll(sets);
    var loaded =
        ConfigLoader.load(
            new ConfigRequest(ROOT.resolve("conf/pipelines/demo"), "gpu", null, overrides));
    return loaded.settings().section("mljobs");
  }

  @Test
  void gpuEnvResolvesCompleteAndConsistent() {
    Settings mljobs = mljobs(Map.of());
    GpuSettings gpu = GpuSettings.from(mljobs);
    SparkSettings spark = SparkSettings.from(mljobs.section("spark"));

    assertTrue(gpu.enabled());
    assertEquals(GpuFallback.FAIL, gpu.fallback());
    assertTrue(gpu.rapids());
    assertEquals("com.nvidia.spark.SQLPlugin", gpu.pluginClass());
    assertEquals(1, gpu.executorAmount());
    assertEquals(1.0, gpu.taskAmount());
    assertEquals("cuda", gpu.xgboostDevice());
    assertTrue(gpu.xgboostWorkers() >= 1);
    assertEquals(SparkProfile.CLUSTER, spark.profile()); // from cluster.conf, included
    Map<String, String> conf = spark.conf();
    assertEquals("com.nvidia.spark.SQLPlugin", conf.get("spark.plugins"));
    assertEquals("1", conf.get("spark.executor.resource.gpu.amount"));
    assertEquals(gpu.discoveryScript(), conf.get("spark.executor.resource.gpu.discoveryScript"));
    assertEquals("0.25", conf.get("spark.task.resource.gpu.amount"));
    assertEquals("true", conf.get("spark.rapids.sql.enabled"));
    assertEquals("2", conf.get("spark.rapids.sql.concurrentGpuTasks"));
    assertEquals("2g", conf.get("spark.rapids.memory.pinnedPool.size"));
    assertEquals("NOT_ON_GPU", conf.get("spark.rapids.sql.explain"));
    assertEquals("true", conf.get("spark.sql.adaptive.enabled")); // cluster.conf's are kept
    // The discovery script the profile names ships with the project.
    Path script = ROOT.resolve("scripts/gpu").resolve(Path.of(gpu.discoveryScript()).getFileName());
    assertTrue(Files.isExecutable(script), script + " must exist and be executable");
  }

  @Test
  void otherEnvironmentsHaveTheProfileOff() {
    var loaded =
        ConfigLoader.load(
            new ConfigRequest(
                ROOT.resolve("conf/pipelines/demo"),
                "local",
                null,
                Map.of("mljobs.warehouse", warehouse.toString())));
    Settings mljobs = loaded.settings().section("mljobs");
    assertFalse(GpuSettings.from(mljobs).enabled());
    assertTrue(
        SparkSettings.from(mljobs.section("spark")).conf().keySet().stream()
            .noneMatch(GpuSettings::isGpuSparkKey));
  }

  @Test
  void inconsistentOverridesNameTheKey() {
    ConfigError tooMany =
        assertThrows(
            ConfigError.class,
            () -> GpuSettings.from(mljobs(Map.of("mljobs.gpu.task-amount", "2"))));
    assertEquals("mljobs.gpu.task-amount", tooMany.key());
    assertContains(tooMany.getMessage(), "mljobs.gpu.task-amount is 2.0");
    assertContains(tooMany.getMessage(), "executor's 1 GPU(s)");
    ConfigError plugin =
        assertThrows(
            ConfigError.class,
            () -> GpuSettings.from(mljobs(Map.of("mljobs.gpu.rapids.enabled", "false"))));
    assertContains(plugin.getMessage(), "'mljobs.gpu.rapids.enabled' is false but");
    assertContains(plugin.getMessage(), "names com.nvidia.spark.SQLPlugin");
    ConfigError script =
        assertThrows(
            ConfigError.class,
            () ->
                GpuSettings.from(
                    mljobs(
                        Map.of(
                            "mljobs.spark.conf.\"spark.executor.resource.gpu.discoveryScript\"",
                            "/elsewhere.sh"))));
    assertEquals("mljobs.gpu.discovery-script", script.key());
    ConfigError fallback =
        assertThrows(
            ConfigError.class,
            () -> GpuSettings.from(mljobs(Map.of("mljobs.gpu.fallback", "gpu"))));
    assertContains(fallback.getMessage(), "'mljobs.gpu.fallback' must be one of [fail, cpu]");
  }

  @Test
  void missingRapidsJarFailsBeforeSparkStartsWithExit2() {
    // The plugin jar is not on the test classpath, as on a cluster where --jars was forgotten.
    assertFalse(GpuProfile.loadable("com.nvidia.spark.SQLPlugin"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JobRunner runner =
        new JobRunner(
            JobRegistry.of(new NoopJob()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            (spark, runtime) -> new InMemoryManifestStore());
    int code =
        runner.run(
            new JobInvocation(
                "noop",
                new ConfigRequest(
                    ROOT.resolve("conf/pipelines/demo"),
                    "gpu",
                    null,
                    Map.of("mljobs.warehouse", warehouse.toString())),
                LocalDate.parse("2026-11-26"),
                "gpu-test",
                false));

    assertEquals(2, code);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertContains(
        printed,
        "ERROR: The GPU profile is on but the RAPIDS Accelerator plugin"
            + " com.nvidia.spark.SQLPlugin is not on the classpath (pass its jar:"
            + " spark-submit --jars rapids-4-spark_2.12-26.04.0.jar");
    assertContains(printed, "or set mljobs.gpu.fallback = cpu to run on CPU instead.");
  }

  @Test
  void cpuFallbackStartsSparkWithoutGpuSettingsAndSaysWhy() {
    Settings mljobs = mljobs(Map.of("mljobs.gpu.fallback", "cpu"));
    RuntimeSettings runtime = RuntimeSettings.from(mljobs, Set.of());

    Map<String, String> conf = runtime.spark().conf();
    assertTrue(conf.keySet().stream().noneMatch(GpuSettings::isGpuSparkKey), conf.toString());
    assertEquals("true", conf.get("spark.sql.adaptive.enabled"));
    assertContains(
        conf.get(GpuProfile.FALLBACK_REASON),
        "the RAPIDS Accelerator plugin com.nvidia.spark.SQLPlugin is not on the classpath");
  }

  /** A job that does nothing: the runner must stop before it. */
  private static final class NoopJob implements SparkJob<String> {
    @Override
    public String name() {
      return "noop";
    }

    @Override
    public String description() {
      return "does nothing";
    }

    @Override
    public String configure(Settings mljobs) {
      return "";
    }

    @Override
    public JobResult run(JobContext<String> context) {
      return JobResult.ok("ran");
    }
  }

  static void assertContains(String actual, String expected) {
    assertTrue(
        actual != null && actual.contains(expected),
        "expected to contain [" + expected + "] but was [" + actual + "]");
  }
}
