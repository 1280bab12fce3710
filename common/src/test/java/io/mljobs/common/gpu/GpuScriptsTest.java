package io.mljobs.common.gpu;

import static io.mljobs.common.gpu.GpuProfileConfigTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/gpu: the discovery script's JSON, and both scripts' messages on a machine without GPU.
 */
class GpuScriptsTest {
  private static final Path ROOT =
      Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
  private static final String SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private Run run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of(command));
    builder.environment().putAll(env);
    builder.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Run(
        process.exitValue(),
        Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  private static void assumeNoGpu() {
    assumeFalse(
        List.of(SYSTEM_PATH.split(":")).stream()
            .anyMatch(d -> Files.isExecutable(Path.of(d, "nvidia-smi"))),
        "skipped: this machine has nvidia-smi, the no-GPU messages cannot be shown here");
  }

  @Test
  void discoveryScriptPrintsSparksJsonFromNvidiaSmi() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path fake = bin.resolve("nvidia-smi");
    // What `nvidia-smi --query-gpu=index --format=csv,noheader` prints on a 4-GPU machine.
    Files.writeString(fake, "#!/bin/sh\nprintf '0\\n1\\n2\\n3\\n'\n");
    fake.toFile().setExecutable(true);

    Run run =
        run(
            Map.of("PATH", bin + ":" + SYSTEM_PATH),
            ROOT.resolve("scripts/gpu/discover-gpus.sh").toString());

    assertEquals(0, run.code(), run.err());
    assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\",\"2\",\"3\"]}\n", run.out());
  }

  @Test
  void discoveryScriptFailsClearlyWithoutNvidiaSmi() throws Exception {
    assumeNoGpu();
    Run run =
        run(Map.of("PATH", SYSTEM_PATH), ROOT.resolve("scripts/gpu/discover-gpus.sh").toString());
    assertEquals(1, run.code());
    assertEquals("", run.out());
    assertContains(run.err(), "discover-gpus.sh: nvidia-smi not found on ");
    assertContains(run.err(), "Run GPU executors only on GPU hosts, or use --env cluster.");
  }

  @Test
  void checkScriptStopsAtOnceNamingWhatIsMissing() throws Exception {
    assumeNoGpu();
    Path rapids = dir.resolve("no-such-rapids.jar");
    Path xgboost = dir.resolve("no-such-xgboost.jar");
    long start = System.nanoTime();
    Run run =
        run(
            Map.of(
                "PATH",
                SYSTEM_PATH,
                "MLJOBS_RAPIDS_JAR",
                rapids.toString(),
                "MLJOBS_XGBOOST_GPU_JAR",
                xgboost.toString()),
            ROOT.resolve("scripts/gpu/check.sh").toString());
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

    assertEquals(2, run.code(), run.err());
    assertContains(run.err(), "check.sh cannot run; missing:");
    assertContains(
        run.err(), "  - nvidia-smi is not on the PATH: this machine has no NVIDIA driver/GPU");
    assertContains(
        run.err(),
        "  - the RAPIDS jar is missing: "
            + rapids
            + " (scripts/gpu/check.sh --fetch, or MLJOBS_RAPIDS_JAR=<path>;"
            + " https://repo1.maven.org/maven2/com/nvidia/rapids-4-spark_2.12/26.04.0/"
            + "rapids-4-spark_2.12-26.04.0.jar)");
    assertContains(run.err(), "  - the XGBoost GPU jar is missing: " + xgboost);
    assertEquals("", run.out());
    assertEquals(true, seconds < 20, "fails fast, took " + seconds + " s");
  }
}
