package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real Spark standalone cluster (scripts/services/spark-cluster), through
 * spark-submit, as a user runs it: generate demo data, ingest it, and read the results back.
 */
@ExtendWith(SharedSpark.class)
class SparkClusterSubmitIT {
  @TempDir static Path tmp;

  @BeforeAll
  static void clusterIsUp() {
    Path submit = ServiceEnv.sparkHome().resolve("bin/spark-submit");
    assertTrue(
        Files.isExecutable(submit),
        "No spark-submit at "
            + submit
            + ": run scripts/services/spark-cluster start (scripts/test.sh does).");
  }

  private static Process submit(Path log, String... jobArgs) throws IOException {
    Path root = ServiceEnv.projectRoot();
    List<String> command =
        new ArrayList<>(
            List.of(
                ServiceEnv.sparkHome().resolve("bin/spark-submit").toString(),
                "--master",
                ServiceEnv.sparkMaster(),
                "--deploy-mode",
                "client",
                "--driver-memory",
                "1g",
                "--executor-memory",
                "1g",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--jars",
                ServiceEnv.demoJar().toString(),
                "--class",
                "io.mljobs.jobs.Main",
                root.resolve("jobs/target/mljobs-jobs.jar").toString()));
    command.addAll(List.of(jobArgs));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("MLJOBS_WAREHOUSE", tmp.resolve("warehouse").toString());
    builder.environment().put("MLJOBS_DEMO_DATA", tmp.resolve("data").toString());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  private static String run(String... jobArgs) throws Exception {
    Path log = Files.createTempFile(tmp, "submit", ".log");
    Process process = submit(log, jobArgs);
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(finished, "spark-submit did not finish in 5 minutes:\n" + output);
    assertEquals(0, process.exitValue(), "spark-submit failed:\n" + output);
    return output;
  }

  @Test
  void demoDataGeneratedAndIngestedOnTheCluster(SparkSession spark) throws Exception {
    String[] common = {
      "--config",
      "conf/pipelines/demo",
      "--env",
      "cluster",
      "--run-date",
      "2026-11-03",
      "--set",
      "mljobs.jobs.generate-demo-data.days=3",
      "--set",
      "mljobs.jobs.generate-demo-data.rows-per-day=400",
    };
    String generated = run(concat(new String[] {"generate-demo-data"}, common));
    assertTrue(generated.contains("GENERATE-DEMO-DATA 2026-11-03"), generated);
    String ingested = run(concat(new String[] {"ingest-files"}, common));
    assertTrue(ingested.contains("INGEST-FILES 2026-11-03"), ingested);

    Path warehouse = tmp.resolve("warehouse");
    List<Row> runs =
        spark
            .read()
            .format("delta")
            .load(warehouse.resolve("runs/manifests").toString())
            .select("job", "status", "manifest_json")
            .orderBy("started_at")
            .collectAsList();
    assertEquals(
        List.of("generate-demo-data", "ingest-files"),
        runs.stream().map(r -> r.getString(0)).toList());
    assertTrue(runs.stream().allMatch(r -> r.getString(1).equals("succeeded")));
    String manifest = runs.get(1).getString(2);
    assertTrue(
        manifest.contains("\"sparkMaster\" : \"" + ServiceEnv.sparkMaster() + "\""), manifest);

    long bronze =
        spark
            .read()
            .format("delta")
            .load(warehouse.resolve("bronze/pos_transactions").toString())
            .count();
    long quarantined =
        spark
            .read()
            .format("delta")
            .load(warehouse.resolve("quarantine/pos_transactions").toString())
            .count();
    String demoManifest = Files.readString(tmp.resolve("data/raw/MANIFEST.json"));
    assertEquals(
        3 * 400,
        bronze + quarantined,
        "every POS row is in bronze or quarantine:\n" + demoManifest);
    assertTrue(quarantined > 0, "the demo data's malformed rows are quarantined");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] result = new String[a.length + b.length];
    System.arraycopy(a, 0, result, 0, a.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
