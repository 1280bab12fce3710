package io.mljobs.jobs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.publish.PublishSnowflakeJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test of the connector write path (spark-snowflake: stage + COPY) against a real Snowflake
 * account. The local stand-in cannot take it (no PUT to a stage), so it runs only when an account
 * is configured and is skipped, with the reason in the report, otherwise:
 *
 * <pre>
 * SNOWFLAKE_ACCOUNT=xy12345.eu-west-1 SNOWFLAKE_USER=... SNOWFLAKE_PASSWORD=... \
 * SNOWFLAKE_DATABASE=... SNOWFLAKE_SCHEMA=... SNOWFLAKE_WAREHOUSE=... ./mvnw verify -Dit.test=SnowflakeConnectorLiveIT
 * </pre>
 */
@ExtendWith(SharedSpark.class)
class SnowflakeConnectorLiveIT {
  @TempDir Path tmp;

  static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value;
  }

  @Test
  void connectorPathPublishesToARealAccount(SparkSession spark) throws Exception {
    assumeTrue(
        env("SNOWFLAKE_ACCOUNT") != null
            && env("SNOWFLAKE_USER") != null
            && env("SNOWFLAKE_PASSWORD") != null
            && env("SNOWFLAKE_DATABASE") != null
            && env("SNOWFLAKE_WAREHOUSE") != null,
        "skipped: no Snowflake account configured. Set SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER,"
            + " SNOWFLAKE_PASSWORD, SNOWFLAKE_DATABASE, SNOWFLAKE_WAREHOUSE (and SNOWFLAKE_SCHEMA)"
            + " to run the connector path live.");
    String url = "jdbc:snowflake://" + env("SNOWFLAKE_ACCOUNT") + ".snowflakecomputing.com/";
    String schema = env("SNOWFLAKE_SCHEMA") == null ? "PUBLIC" : env("SNOWFLAKE_SCHEMA");
    String table = "MLJOBS_SMOKE_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Path warehouse = tmp.resolve("warehouse");
    ConfigFixture conf = ConfigFixture.create(tmp, warehouse);
    conf.pipeline(
        "mljobs.jobs.publish-snowflake {\n"
            + " write-path = connector\n"
            + " connection { url = \""
            + url
            + "\", user = ${?SNOWFLAKE_USER},"
            + " password = ${?SNOWFLAKE_PASSWORD}, database = ${?SNOWFLAKE_DATABASE},"
            + " schema = "
            + schema
            + ", warehouse = ${?SNOWFLAKE_WAREHOUSE} }\n"
            + " publications.smoke { source = \"silver.smoke\", target = "
            + table
            + ", version = latest, mode = replace }\n}\n");
    DeltaOutput.to(warehouse.resolve("silver/smoke").toString())
        .userMetadata(Map.of("run_id", "smoke"))
        .execute(spark.sql("SELECT id, CAST(id * 1.5 AS DECIMAL(12,2)) AS amount FROM range(100)"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new JobRunner(
                JobRegistry.of(new PublishSnowflakeJob()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(
                new JobInvocation(
                    "publish-snowflake", conf.request("local"), LocalDate.now(), "smoke-1", false));
    Properties p = new Properties();
    p.put("user", env("SNOWFLAKE_USER"));
    p.put("password", env("SNOWFLAKE_PASSWORD"));
    p.put("db", env("SNOWFLAKE_DATABASE"));
    p.put("schema", schema);
    p.put("warehouse", env("SNOWFLAKE_WAREHOUSE"));
    try (Connection c = DriverManager.getConnection(url, p);
        Statement s = c.createStatement()) {
      try {
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          assertEquals(100, rs.getLong(1));
        }
      } finally {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }
}
