package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.delta.TableVersion;
import io.mljobs.common.delta.TableVersions;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pipeline (conf/pipelines/demo, shipped config) through to publishing: generate, ingest,
 * the quality gate, then publish-snowflake to the local Snowflake-protocol server. The silver
 * versions are visible with their run ids, the day's rows land in Snowflake once, and a retry of
 * the publish changes nothing.
 */
@ExtendWith(SharedSpark.class)
class DemoPipelinePublishIT {
  private static final LocalDate DATE = LocalDate.of(2026, 11, 2);
  @TempDir Path tmp;
  private FakeSnowflake sf;

  @BeforeAll
  static void serverUp() {
    FakeSnowflake.requireRunning();
  }

  @AfterEach
  void drop() {
    if (sf != null) {
      sf.drop();
    }
  }

  /** Runs {@code job} on the demo config, which must succeed; returns its manifest. */
  private RunManifest run(String job, Map<String, String> extra) {
    DemoConfigRunner demo = DemoConfigRunner.generating(tmp, 2, 300);
    assertEquals(0, demo.run(job, DATE, job + "_" + DATE, extra), job + ": " + demo.err());
    return demo.manifest();
  }

  @Test
  void theDemoPipelinePublishesItsSilverDayToSnowflakeOnce(SparkSession spark) throws Exception {
    run("generate-demo-data", Map.of());
    run("ingest-files", Map.of());
    run("check-quality", Map.of());

    // Delta: the silver version of the day names the run that made it.
    String silver = tmp.resolve("warehouse/silver/pos_transactions").toString();
    TableVersion made = TableVersions.of(spark, silver, "silver.pos_transactions").latest();
    assertEquals("check-quality_" + DATE, made.runId());
    assertEquals(DATE.toString(), made.runDate());
    long dayRows =
        spark.read().format("delta").load(silver).filter("_run_date = '" + DATE + "'").count();
    assertTrue(dayRows > 0);

    // Snowflake: the connection comes from the environment in scripts/test.sh; fill the gaps
    // here so the test also runs from an IDE.
    sf = FakeSnowflake.newSchema("IT_DEMO");
    Map<String, String> snowflake = new LinkedHashMap<>();
    String c = "mljobs.jobs.publish-snowflake.connection.";
    snowflake.put(c + "url", FakeSnowflake.url());
    snowflake.put(c + "user", FakeSnowflake.USER);
    snowflake.put(c + "schema", sf.schema());
    if (System.getenv("MLJOBS_SNOWFLAKE_PASSWORD") == null) {
      snowflake.put(
          c + "password-file",
          Files.writeString(tmp.resolve("sf.secret"), FakeSnowflake.PASSWORD).toString());
    }
    RunManifest publish = run("publish-snowflake", snowflake);
    assertEquals(2, publish.outputs().size(), publish.outputs().toString());
    OutputRecord pos =
        publish.outputs().stream()
            .filter(o -> o.name().endsWith(".POS_TRANSACTIONS"))
            .findFirst()
            .orElseThrow();
    assertEquals("snowflake", pos.kind());
    assertEquals("append-partition", pos.mode());
    assertEquals(dayRows, pos.rows());
    assertEquals(
        made.version(),
        publish.inputs().stream()
            .filter(i -> i.name().equals("silver.pos_transactions"))
            .findFirst()
            .orElseThrow()
            .version(),
        "the manifest pins the Delta version it published");
    assertEquals(dayRows, sf.count("POS_TRANSACTIONS"));
    assertEquals(
        dayRows,
        sf
            .rows("SELECT COUNT(DISTINCT TRANSACTION_ID) FROM " + sf.table("POS_TRANSACTIONS"))
            .get(0)
            .stream()
            .mapToLong(Long::parseLong)
            .sum());

    RunManifest again = run("publish-snowflake", snowflake);
    // The retry commits nothing: its publishes are skipped; the first attempt's are listed as its.
    assertTrue(again.outputs().stream().anyMatch(OutputRecord::skipped), again.toString());
    assertTrue(
        again.outputs().stream()
            .allMatch(o -> o.skipped() || !again.attemptId().equals(o.committedBy())),
        again.outputs().toString());
    assertEquals(dayRows, sf.count("POS_TRANSACTIONS"), "no duplicates after a retry");
  }
}
