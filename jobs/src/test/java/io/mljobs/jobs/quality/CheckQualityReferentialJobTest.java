package io.mljobs.jobs.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Referential checks row by row through check-quality (issue 13, item 9): a day of 600 events over
 * 60 merchants, of which the reference table knows 57. In quarantine mode the job exits 0, the 30
 * rows of the three unknown merchants go to quarantine with the key named, and the other 570 rows
 * reach silver; before, the one referential check blocked the whole day (exit 3, nothing promoted).
 */
@ExtendWith(SharedSpark.class)
class CheckQualityReferentialJobTest {
  private static final LocalDate DAY = LocalDate.of(2026, 6, 2);

  private static final String PIPELINE =
      """
      mljobs {
        pipeline = referential-test
        datasets.events {
          table = "bronze.events"
          partition-column = "_run_date"
          row-level = quarantine
          checks = [
            { type = referential, column = merchant_id, table = "bronze.merchants" }
          ]
        }
      }
      """;

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private String table(String name) {
    return tmp.resolve("warehouse").resolve(name.replace('.', '/')).toString();
  }

  private int checkQuality() throws Exception {
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    Path pipeline = tmp.resolve("pipeline");
    Files.createDirectories(pipeline);
    Files.writeString(pipeline.resolve("pipeline.conf"), PIPELINE);
    ConfigRequest config =
        new ConfigRequest(
            pipeline,
            "local",
            root.resolve("conf"),
            Map.of("mljobs.warehouse", tmp.resolve("warehouse").toString()));
    return new JobRunner(
            JobRegistry.of(new CheckQualityJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(new JobInvocation("check-quality", config, DAY, "quality-ref", false));
  }

  @Test
  void unknownKeysAreQuarantinedAndTheRestOfTheDayIsPromoted(SparkSession spark) throws Exception {
    spark
        .range(600)
        .selectExpr(
            "id AS event_id",
            "concat('m', CAST(id % 60 AS STRING)) AS merchant_id",
            "CAST('" + DAY + "' AS DATE) AS _run_date")
        .write()
        .format("delta")
        .partitionBy("_run_date")
        .save(table("bronze.events"));
    spark
        .range(57)
        .selectExpr("concat('m', CAST(id AS STRING)) AS merchant_id")
        .write()
        .format("delta")
        .save(table("bronze.merchants"));

    assertEquals(0, checkQuality(), err + "\n" + out);
    org.apache.spark.sql.Row result =
        spark
            .read()
            .format("delta")
            .load(table("quality.check_results"))
            // The promotion's own row (max-quarantine-fraction) is there too: pick the check's.
            .where("check = 'referential(merchant_id)'")
            .select("status", "message")
            .first();
    assertEquals("quarantined", result.getString(0));
    assertTrue(
        result
            .getString(1)
            .endsWith(
                "; offending rows go to quarantine.events; 30 row(s) with a merchant_id not in"
                    + " bronze.merchants: 'm57' (10), 'm58' (10), 'm59' (10)"),
        result.getString(1));

    assertEquals(
        570,
        spark.read().format("delta").load(table("silver.events")).count(),
        "every row with a known merchant is promoted");
    assertEquals(
        0,
        spark
            .read()
            .format("delta")
            .load(table("silver.events"))
            .where("merchant_id IN ('m57', 'm58', 'm59')")
            .count());
    assertEquals(
        "[[quality:referential(merchant_id),referential(merchant_id): merchant_id 'm57' not found"
            + " in bronze.merchants.merchant_id,10], [quality:referential(merchant_id),"
            + "referential(merchant_id): merchant_id 'm58' not found in"
            + " bronze.merchants.merchant_id,10], [quality:referential(merchant_id),"
            + "referential(merchant_id): merchant_id 'm59' not found in"
            + " bronze.merchants.merchant_id,10]]",
        spark
            .read()
            .format("delta")
            .load(table("quarantine.events"))
            .groupBy("rule", "reason")
            .count()
            .orderBy("reason")
            .collectAsList()
            .toString());
  }
}
