package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/submit.sh} against the real Spark standalone cluster
 * (scripts/services/spark-cluster) in both deploy modes, compared with a local-mode run on the same
 * demo data: the daily pipeline (ingest-files, check-quality, detect-drift) in client deploy mode,
 * and ingest-files in cluster deploy mode (the driver started by the cluster, with the --add-opens
 * list and the warehouse forwarded by the script). Outputs must have the same rows (contents, not
 * counts; only the ingest and computation timestamps are left out), and each manifest must record
 * the master URL and application id it ran with.
 */
@ExtendWith(SharedSpark.class)
class SubmitScriptClusterIT {
  private static final String DATE = "2026-11-03";
  private static final List<String> PIPELINE =
      List.of("ingest-files", "check-quality", "detect-drift");
  private static final List<String> VOLATILE = List.of("_ingested_at", "computed_at");

  @TempDir static Path tmp;

  @BeforeAll
  static void demoData() throws Exception {
    assertTrue(
        Files.isRegularFile(ServiceEnv.projectRoot().resolve("jobs/target/mljobs-jobs.jar")),
        "build the job jar first (./mvnw package; scripts/test.sh runs verify, which packages)");
    submit(
        "local[2]",
        "client",
        tmp.resolve("generator"),
        "generate-demo-data",
        "--set",
        "mljobs.jobs.generate-demo-data.days=3",
        "--set",
        "mljobs.jobs.generate-demo-data.rows-per-day=400");
  }

  /** Runs scripts/submit.sh; returns its output, failing the test on a non-zero exit. */
  private static String submit(
      String master, String deployMode, Path warehouse, String job, String... extra)
      throws Exception {
    Path root = ServiceEnv.projectRoot();
    List<String> command =
        new ArrayList<>(
            List.of(
                root.resolve("scripts/submit.sh").toString(),
                job,
                "--config",
                "conf/pipelines/demo",
                "--run-date",
                DATE));
    command.addAll(Arrays.asList(extra));
    Path log = Files.createTempFile(tmp, job, ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("MLJOBS_MASTER", master);
    env.put("MLJOBS_DEPLOY_MODE", deployMode);
    env.put("MLJOBS_WAREHOUSE", warehouse.toString());
    env.put("MLJOBS_DEMO_DATA", tmp.resolve("data").toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    // One worker with 2 cores and 2 GiB: a cluster-mode driver takes one core and 1 GiB of it.
    env.put(
        "MLJOBS_SUBMIT_ARGS",
        "--driver-memory 1g --executor-memory 1g --total-executor-cores 1"
            + " --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1"
            + (job.equals("generate-demo-data") ? " --jars " + ServiceEnv.demoJar() : ""));
    Process process = builder.start();
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(finished, "submit.sh " + job + " did not finish in 10 minutes:\n" + output);
    assertEquals(0, process.exitValue(), "submit.sh " + job + " failed:\n" + output);
    return output;
  }

  private static void pipeline(String master, Path warehouse) throws Exception {
    for (String job : PIPELINE) {
      if (job.equals("detect-drift")) {
        // exact mode: statistics that do not depend on how rows are spread over partitions
        submit(master, "client", warehouse, job, "--set", "mljobs.jobs.detect-drift.mode=exact");
      } else {
        submit(master, "client", warehouse, job);
      }
    }
  }

  private static Dataset<Row> table(SparkSession spark, Path warehouse, String table) {
    Dataset<Row> rows = spark.read().format("delta").load(warehouse.resolve(table).toString());
    return rows.drop(VOLATILE.toArray(String[]::new));
  }

  private static void assertSameRows(SparkSession spark, Path expected, Path actual, String table) {
    Dataset<Row> want = table(spark, expected, table);
    Dataset<Row> got = table(spark, actual, table);
    long rows = want.count();
    assertTrue(rows > 0, table + " is empty in the local run");
    assertEquals(rows, got.count(), table + ": row count");
    assertEquals(0, want.exceptAll(got).count(), table + ": rows only in the local run");
    assertEquals(0, got.exceptAll(want).count(), table + ": rows only in the cluster run");
  }

  private static List<Row> manifests(SparkSession spark, Path warehouse) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.resolve("runs/manifests").toString())
        .selectExpr(
            "job",
            "status",
            "get_json_object(manifest_json, '$.sparkMaster')",
            "get_json_object(manifest_json, '$.sparkAppId')")
        .collectAsList();
  }

  @Test
  void clientAndClusterDeployModesGiveTheLocalRunsOutputs(SparkSession spark) throws Exception {
    Path local = tmp.resolve("local");
    Path client = tmp.resolve("client");
    Path cluster = tmp.resolve("cluster");
    String master = ServiceEnv.sparkMaster();

    pipeline("local[2]", local);
    pipeline(master, client);
    String clusterOutput = submit(master, "cluster", cluster, "ingest-files");

    for (String t :
        List.of(
            "bronze/pos_transactions",
            "bronze/web_transactions",
            "quarantine/pos_transactions",
            "silver/pos_transactions",
            "silver/web_transactions",
            "quality/drift")) {
      assertSameRows(spark, local, client, t);
    }
    for (String t :
        List.of(
            "bronze/pos_transactions", "bronze/web_transactions", "quarantine/pos_transactions")) {
      assertSameRows(spark, local, cluster, t);
    }

    for (Row run : manifests(spark, client)) {
      assertEquals("succeeded", run.getString(1), run.toString());
      assertEquals(master, run.getString(2), run.toString());
      assertTrue(run.getString(3).startsWith("app-"), run.toString());
    }
    List<Row> clusterRuns = manifests(spark, cluster);
    assertEquals(1, clusterRuns.size(), clusterOutput);
    Row run = clusterRuns.get(0);
    assertEquals(
        List.of("ingest-files", "succeeded", master),
        List.of(run.getString(0), run.getString(1), run.getString(2)));
    assertTrue(run.getString(3).startsWith("app-"), run.toString());
    assertTrue(clusterOutput.contains("driver-"), "a cluster-mode submission:\n" + clusterOutput);
    for (Row localRun : manifests(spark, local)) {
      assertEquals("local[2]", localRun.getString(2), localRun.toString());
    }
  }
}
