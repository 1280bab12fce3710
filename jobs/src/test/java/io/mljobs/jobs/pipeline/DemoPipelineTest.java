package io.mljobs.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.manifest.OutputRecord;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.DemoConfigRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pipeline with the shipped config (conf/pipelines/demo), small: generate, ingest, and
 * check what a user checks — every source row landed once, and the manifest leads to every input
 * and the exact output versions.
 */
@ExtendWith(SharedSpark.class)
class DemoPipelineTest {
  private static final LocalDate DATE = LocalDate.of(2026, 11, 3);
  @TempDir Path tmp;
  private DemoConfigRunner demo;

  @BeforeEach
  void demoConfig() {
    demo = DemoConfigRunner.generating(tmp, 3, 400);
  }

  /** Runs {@code job}, which must succeed; returns its manifest. */
  private RunManifest run(String job, String runId) {
    assertEquals(0, demo.run(job, DATE, runId), demo.err());
    return demo.manifest();
  }

  @Test
  void everyDemoRowLandsOnceAndTheManifestPinsEveryVersion(SparkSession spark) throws Exception {
    run("generate-demo-data", "gen");
    RunManifest ingest = run("ingest-files", "ingest");

    JsonNode generated =
        new ObjectMapper().readTree(tmp.resolve("data/raw/MANIFEST.json").toFile());
    Map<String, long[]> expected = new LinkedHashMap<>(); // feed folder -> {rows, malformed}
    for (JsonNode file : generated.get("files")) {
      String folder = file.get("path").asText().split("/")[1];
      long[] counts = expected.computeIfAbsent(folder, k -> new long[2]);
      counts[0] += file.get("rows").asLong();
      counts[1] += file.get("malformed_rows").asLong();
    }
    Map<String, String> sourceOfFolder =
        Map.of("pos", "pos_transactions", "web", "web_transactions");
    for (Map.Entry<String, String> feed : sourceOfFolder.entrySet()) {
      long[] counts = expected.get(feed.getKey());
      String warehouse = demo.warehouse().toString();
      var bronze = spark.read().format("delta").load(warehouse + "/bronze/" + feed.getValue());
      long quarantined =
          spark.read().format("delta").load(warehouse + "/quarantine/" + feed.getValue()).count();
      assertEquals(counts[0] - counts[1], bronze.count(), "valid rows of " + feed.getKey());
      assertEquals(
          counts[1], quarantined, "malformed rows of " + feed.getKey() + " are quarantined");
      assertEquals(
          bronze.count(), bronze.select("transaction_id").distinct().count(), "no duplicates");
    }

    // From the manifest alone: each output's recorded version holds exactly the recorded rows,
    // and each input names the files it read.
    assertEquals(6, ingest.outputs().size());
    for (OutputRecord output : ingest.outputs()) {
      long rows =
          spark
              .read()
              .format("delta")
              .option("versionAsOf", output.version())
              .load(output.location())
              .count();
      assertEquals(output.rows().longValue(), rows, output.name());
    }
    InputRecord pos =
        ingest.inputs().stream()
            .filter(i -> i.name().equals("pos_transactions"))
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> files = (Map<String, Object>) pos.details().get("files");
    assertEquals(3, files.size());
    assertTrue(
        files.keySet().stream().allMatch(f -> Files.exists(Path.of(java.net.URI.create(f)))),
        files.toString());

    // Re-running the same run adds nothing: no new files, no new versions. Its manifest still
    // lists the run's versions, each committed by the first attempt.
    RunManifest again = run("ingest-files", "ingest");
    assertEquals(0L, ((Number) again.metrics().get("rows_loaded")).longValue());
    assertEquals(
        ingest.outputs().stream().map(o -> o.name() + "@" + o.version()).sorted().toList(),
        again.outputs().stream().map(o -> o.name() + "@" + o.version()).sorted().toList());
    assertTrue(
        again.outputs().stream().allMatch(o -> ingest.attemptId().equals(o.committedBy())),
        again.outputs().toString());
  }
}
