package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.manifest.OutputRecord;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.manifest.delta.DeltaManifestStore;
import io.mljobs.common.table.TableRef;
import io.mljobs.common.table.Warehouse;
import io.mljobs.common.testing.Await;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.demo.DemoDataSpec;
import io.mljobs.jobs.demo.DemoDataSummary;
import io.mljobs.jobs.demo.DemoDataWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code ingest-files} (a separate spark-submit JVM, SIGKILL) after its first committed
 * batch, re-runs it, and checks that every source row is in bronze or quarantine exactly once.
 */
@ExtendWith(SharedSpark.class)
class IngestFilesCrashIT {
  @TempDir Path tmp;

  private Process ingest(Path log) throws Exception {
    Path root = ServiceEnv.projectRoot();
    ProcessBuilder builder =
        new ProcessBuilder(
                root.resolve("scripts/mljobs").toString(),
                "ingest-files",
                "--config",
                "conf/pipelines/demo",
                "--run-date",
                "2026-11-06",
                "--set",
                "mljobs.jobs.ingest-files.sources=[pos_transactions]",
                "--set",
                "mljobs.sources.pos_transactions.max-files-per-batch=1")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("MLJOBS_WAREHOUSE", tmp.resolve("warehouse").toString());
    builder.environment().put("MLJOBS_DEMO_DATA", tmp.resolve("data").toString());
    builder.environment().put("MLJOBS_DRIVER_MEMORY", "1g");
    return builder.start();
  }

  @Test
  void killedMidRunThenRerunLoadsEveryRowExactlyOnce(SparkSession spark) throws Exception {
    DemoDataSpec spec =
        DemoDataSpec.defaults(7L, LocalDate.of(2026, 11, 1), 6).withRowsPerDay(3000);
    DemoDataSummary summary = new DemoDataWriter(spec).write(tmp.resolve("data"));
    List<DemoDataSummary.FileEntry> pos =
        summary.files().stream().filter(f -> f.path().startsWith("raw/pos/")).toList();
    long rows = pos.stream().mapToLong(DemoDataSummary.FileEntry::rows).sum();
    long malformed = pos.stream().mapToLong(DemoDataSummary.FileEntry::malformedRows).sum();

    Path firstCommit =
        tmp.resolve("warehouse/bronze/pos_transactions/_delta_log/00000000000000000000.json");
    Path log = tmp.resolve("first-run.log");
    Process first = ingest(log);
    Await.until(
        "the first batch to commit (log: " + log + ")",
        Duration.ofMinutes(4),
        () -> Files.exists(firstCommit) || !first.isAlive());
    first.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    assertTrue(first.waitFor(1, TimeUnit.MINUTES));
    assertNotEquals(
        0, first.exitValue(), "the run was killed before it finished:\n" + Files.readString(log));

    String bronzePath = tmp.resolve("warehouse/bronze/pos_transactions").toString();
    long loadedBeforeKill = spark.read().format("delta").load(bronzePath).count();
    assertTrue(
        loadedBeforeKill < rows - malformed,
        "the kill interrupted the ingest (" + loadedBeforeKill + " rows loaded)");

    Path secondLog = tmp.resolve("second-run.log");
    Process second = ingest(secondLog);
    assertTrue(second.waitFor(5, TimeUnit.MINUTES), "re-run did not finish");
    assertEquals(0, second.exitValue(), Files.readString(secondLog));

    Dataset<Row> bronze = spark.read().format("delta").load(bronzePath);
    long quarantined =
        spark
            .read()
            .format("delta")
            .load(tmp.resolve("warehouse/quarantine/pos_transactions").toString())
            .count();
    assertEquals(rows - malformed, bronze.count(), "every valid row once");
    assertEquals(
        bronze.count(), bronze.select("transaction_id").distinct().count(), "no duplicates");
    assertEquals(malformed, quarantined, "every malformed row once");

    // The manifests: a row per attempt, and the finishing attempt lists the versions the killed
    // one committed, naming it.
    List<RunManifest> attempts =
        new DeltaManifestStore(
                spark,
                new Warehouse(tmp.resolve("warehouse").toString()),
                TableRef.of("runs.manifests"),
                "_manifests")
            .findByRunId("ingest-files_2026-11-06");
    assertEquals(
        List.of("unfinished", "succeeded"),
        attempts.stream().map(RunManifest::status).toList(),
        "a row per attempt");
    String killed = attempts.get(0).attemptId();
    List<OutputRecord> outputs = attempts.get(1).outputs();
    assertTrue(
        outputs.stream()
            .anyMatch(
                o ->
                    o.location().equals(bronzePath)
                        && Long.valueOf(0).equals(o.version())
                        && killed.equals(o.committedBy())),
        "bronze version 0 is listed as committed by the killed attempt: " + outputs);
    long bronzeVersions = io.delta.tables.DeltaTable.forPath(spark, bronzePath).history().count();
    assertEquals(
        bronzeVersions,
        outputs.stream()
            .filter(o -> o.location().equals(bronzePath))
            .map(OutputRecord::version)
            .distinct()
            .count(),
        "every bronze version of the run is in the finishing attempt's manifest: " + outputs);
  }
}
