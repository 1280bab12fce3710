package io.mljobs.common.gpu;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's resource scheduling with fake GPUs, without a GPU: a local-cluster (2 workers x 4 cores,
 * 2 fake GPU addresses each, from a discovery script that prints Spark's JSON) runs the check after
 * start, a GPU stage through {@link GpuStage} and a plain stage. Needs a Spark distribution
 * (SPARK_HOME, or scripts/services' ~/.cache/mljobs/spark-3.5.7) to start the executors; skipped
 * with that reason without one.
 */
class GpuSchedulingLocalClusterTest {
  @TempDir Path dir;

  @Test
  void gpuStageTasksGetTheirOwnAddressesAndTheManifestSaysWhich() throws Exception {
    Path sparkHome = sparkHome();
    assumeTrue(
        Files.isDirectory(sparkHome.resolve("jars")),
        "skipped: no Spark distribution at " + sparkHome + " (set SPARK_HOME)");
    Path script = dir.resolve("fake-gpus.sh");
    Files.writeString(script, "#!/bin/sh\necho '{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}'\n");
    script.toFile().setExecutable(true);
    Path out = dir.resolve("manifest.json");

    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // Executors get Spark's jars from SPARK_HOME; they need only this project's classes.
    String projectClasses =
        Arrays.stream(classPath.split(File.pathSeparator))
            .filter(p -> Files.isDirectory(Path.of(p)))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.addAll(javaModuleOptions());
    command.addAll(List.of("-cp", classPath, LocalClusterGpuProbe.class.getName()));
    command.addAll(
        List.of(out.toString(), script.toString(), projectClasses, dir.resolve("run").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("probe.log").toFile());
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    boolean finished = process.waitFor(240, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("probe.log"));
    assertTrue(finished, "the local-cluster run took over 240 s:\n" + tail(log));
    assertEquals(0, process.exitValue(), "the local-cluster run failed:\n" + tail(log));

    // Kept for a look after the run: the run manifest.
    Files.copy(out, Path.of("target", "gpu-scheduling-manifest.json"), REPLACE_EXISTING);
    JsonNode manifest = new ObjectMapper().readTree(Files.readString(out));
    assertEquals("succeeded", manifest.get("status").asText(), manifest.toString());
    JsonNode metrics = manifest.get("metrics");
    assertTrue(metrics.get("gpu.requested").asBoolean());
    assertTrue(metrics.get("gpu.used").asBoolean(), metrics.toString());
    assertEquals(4, metrics.get("gpu.probe").size(), "one probe task per XGBoost worker");
    metrics.get("gpu.probe").forEach(t -> assertEquals(1, t.get("addresses").size(), t.toString()));

    JsonNode stage = metrics.get("gpu.stage.train");
    assertTrue(stage.get("on_gpu").asBoolean());
    JsonNode tasks = stage.get("tasks");
    assertEquals(8, tasks.size(), stage.toString());
    Map<String, List<long[]>> heldPerGpu = new HashMap<>();
    Set<String> addressesUsed = new HashSet<>();
    for (JsonNode task : tasks) {
      JsonNode addresses = task.get("addresses");
      assertEquals(1, addresses.size(), "each GPU task holds exactly one GPU: " + task);
      String address = addresses.get(0).asText();
      assertTrue(Set.of("0", "1").contains(address), task.toString());
      // The model code picked the ordinal Spark assigned.
      assertEquals("cuda:" + address, task.get("device").asText(), task.toString());
      addressesUsed.add(address);
      heldPerGpu
          .computeIfAbsent(task.get("executor").asText() + "/" + address, k -> new ArrayList<>())
          .add(new long[] {task.get("start_ms").asLong(), task.get("end_ms").asLong()});
    }
    assertEquals(Set.of("0", "1"), addressesUsed);
    // One task at a time per GPU: the intervals on each executor's address never overlap.
    for (Map.Entry<String, List<long[]>> gpu : heldPerGpu.entrySet()) {
      List<long[]> spans = gpu.getValue();
      spans.sort((a, b) -> Long.compare(a[0], b[0]));
      for (int i = 1; i < spans.size(); i++) {
        assertTrue(
            spans.get(i)[0] >= spans.get(i - 1)[1],
            "GPU " + gpu.getKey() + " was held by two tasks at once: " + stage);
      }
    }
    List<String> results = new ArrayList<>();
    metrics.get("test.devices").forEach(r -> results.add(r.asText()));
    assertTrue(
        results.stream().allMatch(r -> r.equals("cuda:0") || r.equals("cuda:1")),
        results.toString());
    // The plain stage of the same job ran with the default profile: no GPU held.
    List<String> cpu = new ArrayList<>();
    metrics.get("test.cpu_stage").forEach(r -> cpu.add(r.asText()));
    assertEquals(List.of("none", "none", "none", "none", "none", "none", "none", "none"), cpu);
  }

  static Path sparkHome() {
    String env = System.getenv("SPARK_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String mljobs = System.getenv("MLJOBS_SPARK_HOME");
    if (mljobs != null && !mljobs.isBlank()) {
      return Path.of(mljobs);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "mljobs", "spark-3.5.7");
  }

  /** The --add-opens list this JVM was started with (surefire's argLine), for the child. */
  private static List<String> javaModuleOptions() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a ->
                a.startsWith("--add-opens")
                    || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty"))
        .toList();
  }

  private static String tail(String log) {
    String[] lines = log.split("\n");
    return String.join(
        "\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
  }
}
