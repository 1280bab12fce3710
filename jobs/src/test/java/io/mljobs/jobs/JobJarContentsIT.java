package io.mljobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged jars (after {@code package}, so under failsafe): the production job jar holds jobs,
 * not the demo data generator or the benchmark baselines; those are in {@code mljobs-demo.jar}.
 */
class JobJarContentsIT {
  private static final String SERVICES = "META-INF/services/io.mljobs.common.job.SparkJob";

  private static Path root() {
    return Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
  }

  private static List<String> entries(Path jar) throws IOException {
    assertTrue(Files.isRegularFile(jar), "no jar at " + jar + ": run ./mvnw package first");
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(JarEntry::getName).toList();
    }
  }

  private static String read(Path jar, String entry) throws IOException {
    try (JarFile file = new JarFile(jar.toFile());
        InputStream in = file.getInputStream(file.getJarEntry(entry))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theJobJarHoldsNoDemoGeneratorAndNoBenchmarkBaselines() throws IOException {
    Path jar = root().resolve("jobs/target/mljobs-jobs.jar");
    List<String> entries = entries(jar);
    assertTrue(entries.contains("io/mljobs/jobs/Main.class"), "the jar holds the jobs");
    assertTrue(entries.contains("io/mljobs/jobs/publish/PublishSnowflakeJob.class"));
    List<String> strays =
        entries.stream()
            .filter(
                e -> e.startsWith("io/mljobs/jobs/demo/") || e.startsWith("io/mljobs/jobs/bench/"))
            .toList();
    assertEquals(List.of(), strays, "demo and bench classes in " + jar);
    String services = read(jar, SERVICES);
    assertTrue(services.contains("io.mljobs.jobs.ingest.files.IngestFilesJob"), services);
    assertFalse(services.contains("GenerateDemoDataJob"), services);
  }

  @Test
  void theDemoJarHoldsTheGeneratorAndTheBaselinesOnly() throws IOException {
    Path jar = root().resolve("demo/target/mljobs-demo.jar");
    List<String> entries = entries(jar);
    assertTrue(entries.contains("io/mljobs/jobs/demo/GenerateDemoDataJob.class"), "generator");
    assertTrue(entries.contains("io/mljobs/jobs/demo/KafkaReplay.class"), "Kafka replay");
    assertTrue(entries.contains("io/mljobs/jobs/bench/PlainDeltaLoad.class"), "baselines");
    List<String> others =
        entries.stream()
            .filter(e -> e.endsWith(".class"))
            .filter(
                e ->
                    !e.startsWith("io/mljobs/jobs/demo/") && !e.startsWith("io/mljobs/jobs/bench/"))
            .toList();
    assertEquals(List.of(), others, "the demo jar runs next to the job jar; it bundles nothing");
    assertEquals("io.mljobs.jobs.demo.GenerateDemoDataJob", read(jar, SERVICES).strip());
  }
}
