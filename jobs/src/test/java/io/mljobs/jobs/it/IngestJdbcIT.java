package io.mljobs.jobs.it;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.OutputRecord;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.demo.DemoDataSpec;
import io.mljobs.jobs.demo.DemoDataWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest-jdbc} against the real PostgreSQL of scripts/services/postgres, with the demo
 * pipeline's own config ({@code conf/pipelines/demo}, source {@code customers}) and the demo
 * generator's customers: first load, updates merged by key, a re-run that commits nothing, a full
 * refresh, and the failures a user meets first (wrong password, server down, missing table).
 */
@ExtendWith(SharedSpark.class)
class IngestJdbcIT {
  private static final LocalDate START = LocalDate.of(2026, 11, 1);
  private static final List<String> COLUMNS =
      List.of(
          "customer_id",
          "name",
          "email",
          "birth_year",
          "country",
          "segment",
          "credit_limit",
          "created_at",
          "updated_at");

  @TempDir static Path shared;
  private static Path data;
  private static DemoDataSpec spec;

  @TempDir Path tmp;
  private Path warehouse;
  private PostgresCustomers customers;
  private Path passwordFile;

  @BeforeAll
  static void serviceUpAndDemoData() throws Exception {
    try (Connection ignored = PostgresCustomers.connect()) {
      // reachable, credentials accepted
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at "
              + PostgresCustomers.url()
              + " is not usable ("
              + e.getMessage()
              + "): run scripts/services/postgres start (scripts/test.sh does).",
          e);
    }
    data = shared.resolve("demo");
    spec = DemoDataSpec.defaults(42, START, 2).withRowsPerDay(50).withPopulation(3_000, 50);
    new DemoDataWriter(spec).write(data);
  }

  @BeforeEach
  void ownSchemaAndWarehouse(TestInfo test) throws Exception {
    String method = test.getTestMethod().orElseThrow().getName().toLowerCase();
    String schema =
        "it_jdbc_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 8)
            + "_"
            + method.substring(0, Math.min(20, method.length()));
    customers = PostgresCustomers.create(schema);
    warehouse = tmp.resolve("warehouse");
    passwordFile = Files.writeString(tmp.resolve("pg.secret"), PostgresCustomers.password());
  }

  @AfterEach
  void dropSchema() throws Exception {
    customers.close();
  }

  // ---- the scenarios --------------------------------------------------------------------

  @Test
  void incrementalRunsMergeUpdatesByKeyAndAdvanceTheWatermark(SparkSession spark) throws Exception {
    long base = customers.copy(data.resolve(DemoDataWriter.CUSTOMERS_PATH));
    assertEquals(spec.customers(), base);

    // First run: every row, read in 4 partitions split on created_at.
    Run first = ingest("jdbc-1", START);
    assertEquals(0, first.exit(), first.err());
    assertBronzeEqualsTheTable(spark);
    Map<String, Object> in1 = first.input();
    assertEquals("incremental", in1.get("mode"));
    assertEquals(4, number(in1, "partitions"), "the read used num-partitions = 4: " + in1);
    assertEquals(iso("MIN(created_at)"), in1.get("lower_bound"));
    assertEquals(iso("MAX(created_at)"), in1.get("upper_bound"));
    assertFalse(in1.containsKey("watermark_from"), "nothing in bronze yet: " + in1);
    assertEquals(iso("MAX(updated_at)"), in1.get("watermark_to"));
    assertEquals(base, number(in1, "rows_read"));
    assertEquals(base, number(in1, "rows_loaded"), "the first write creates bronze");
    assertEquals(customers.schema() + ".customers", in1.get("relation"));
    assertEquals(PostgresCustomers.url(), first.manifest().inputs().get(0).location());
    assertFalse(first.manifestJson().contains(PostgresCustomers.password()));
    long afterFirst = latestVersion(spark);

    // The source changes: a day of updates, and one new customer.
    long updated = customers.upsert(data.resolve(DemoDataWriter.customerUpdatesPath(START)));
    assertTrue(updated > 0, "the demo updates some customers each day");
    customers.execute(
        "INSERT INTO "
            + customers.table()
            + " VALUES ('c9999999', 'Ada New', 'ada.new@example.com', 1990, 'DE', 'retail',"
            + " 1000.00, '2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z')");

    Run second = ingest("jdbc-2", START.plusDays(1));
    assertEquals(0, second.exit(), second.err());
    assertBronzeEqualsTheTable(spark);
    Map<String, Object> in2 = second.input();
    assertEquals(in1.get("watermark_to"), in2.get("watermark_from"), "continues where run 1 ended");
    assertEquals(iso("MAX(updated_at)"), in2.get("watermark_to"));
    assertTrue(
        ((String) in2.get("watermark_to")).compareTo((String) in2.get("watermark_from")) > 0,
        "the watermark advanced: " + in2);
    long slice = customers.count("updated_at >= '" + in1.get("watermark_to") + "'::timestamptz");
    assertEquals(slice, number(in2, "rows_read"), "only rows at or after the watermark are read");
    assertTrue(slice < base / 10, "an incremental run reads a small slice: " + slice);
    assertEquals(1L, number(in2, "numTargetRowsInserted"), "the new customer");
    assertEquals(slice - 1, number(in2, "numTargetRowsUpdated"), "updates merged on the key");
    Dataset<Row> bronze = bronze(spark);
    assertEquals(slice, bronze.filter("_run_id = 'jdbc-2'").count(), "rows run 2 wrote");
    // One updated customer, before (bronze as run 1 left it) and after.
    String id =
        (String)
            customers.value(
                "SELECT customer_id FROM "
                    + customers.table()
                    + " WHERE updated_at >= '"
                    + START
                    + "' AND customer_id <> 'c9999999' ORDER BY customer_id LIMIT 1");
    Row before = bronzeAt(spark, afterFirst).filter(col("customer_id").equalTo(id)).first();
    Row after = bronze.filter(col("customer_id").equalTo(id)).first();
    assertEquals("jdbc-1", before.getAs("_run_id"));
    assertEquals("jdbc-2", after.getAs("_run_id"));
    assertNotEquals(before.<Timestamp>getAs("updated_at"), after.<Timestamp>getAs("updated_at"));
    assertEquals(
        customers.value(
            "SELECT updated_at FROM " + customers.table() + " WHERE customer_id = '" + id + "'"),
        after.<Timestamp>getAs("updated_at"));
    assertEquals(
        customers.value(
            "SELECT credit_limit FROM " + customers.table() + " WHERE customer_id = '" + id + "'"),
        after.getAs("credit_limit"));

    // The same run id again: nothing new is committed.
    long version = latestVersion(spark);
    Run again = ingest("jdbc-2", START.plusDays(1));
    assertEquals(0, again.exit(), again.err());
    assertEquals(version, latestVersion(spark), "a re-run of a run id adds no Delta version");
    OutputRecord output = again.manifest().outputs().get(0);
    assertTrue(output.skipped(), "the manifest marks the write skipped: " + output);
    assertEquals(version, output.version());
    assertBronzeEqualsTheTable(spark);
  }

  @Test
  void fullRefreshReplacesBronzeInOneCommitAndQuarantinesBadRows(SparkSession spark)
      throws Exception {
    customers.copy(data.resolve(DemoDataWriter.CUSTOMERS_PATH));
    assertEquals(0, ingest("jdbc-1", START).exit());
    long before = latestVersion(spark);

    // Changes an incremental run cannot see: deletes, an update that keeps updated_at, and a row
    // without a watermark (which the schema declares required).
    assertEquals(
        25,
        customers.execute(
            "DELETE FROM "
                + customers.table()
                + " WHERE customer_id IN (SELECT customer_id FROM "
                + customers.table()
                + " ORDER BY customer_id LIMIT 25)"));
    customers.execute(
        "UPDATE " + customers.table() + " SET segment = 'vip' WHERE customer_id LIKE 'c00010%'");
    customers.execute(
        "ALTER TABLE " + customers.table() + " ALTER COLUMN updated_at DROP NOT NULL");
    customers.execute(
        "INSERT INTO "
            + customers.table()
            + " (customer_id, name) VALUES ('c7777777', 'No Stamp')");

    Run refresh =
        ingest(
            "jdbc-refresh",
            START,
            "mljobs.sources.customers.mode=full-refresh",
            "mljobs.sources.customers.num-partitions=3");
    assertEquals(0, refresh.exit(), refresh.err());
    assertEquals(before + 1, latestVersion(spark), "one commit replaces bronze");
    Row commit = DeltaTable.forPath(spark, path("bronze/customers")).history(1).first();
    assertEquals("WRITE", commit.getAs("operation"));
    assertEquals(
        "Overwrite",
        commit.<scala.collection.Map<String, String>>getAs("operationParameters").apply("mode"));
    assertEquals(3, number(refresh.input(), "partitions"));
    assertEquals("full-refresh", refresh.input().get("mode"));

    long vip = customers.count("segment = 'vip'");
    assertTrue(vip > 0);
    assertEquals(vip, bronze(spark).filter("segment = 'vip'").count(), "in-place updates seen");
    assertBronzeEqualsTheTable(spark, "updated_at IS NOT NULL");
    List<Row> quarantined =
        spark.read().format("delta").load(path("quarantine/customers")).collectAsList();
    assertEquals(1, quarantined.size());
    Row bad = quarantined.get(0);
    assertEquals("required", bad.getAs("rule"));
    assertEquals("updated_at: required value is missing", bad.getAs("reason"));
    assertTrue(((String) bad.getAs("source_position")).contains("c7777777"), bad.toString());
    assertTrue(((String) bad.getAs("raw_record")).contains("No Stamp"), bad.toString());
    assertEquals(1L, number(refresh.input(), "rows_quarantined"));
  }

  @Test
  void wrongPasswordFailsWithAClearMessageAndNoSecretAnywhere() throws Exception {
    String wrong = "wrong-" + UUID.randomUUID();
    Path wrongFile = Files.writeString(tmp.resolve("wrong.secret"), wrong);
    ConfigFixture fixture = ConfigFixture.create(tmp.resolve("conf-root"), warehouse);
    fixture.pipeline(
        "include file(\""
            + ServiceEnv.projectRoot().resolve("conf/pipelines/demo/schemas.conf")
            + "\")\n"
            + "mljobs.sources.customers { type = jdbc, url = \""
            + PostgresCustomers.url()
            + "\", user = \""
            + PostgresCustomers.user()
            + "\", password-file = \""
            + wrongFile
            + "\", table = \""
            + customers.table()
            + "\", key-columns = [customer_id], watermark-column = updated_at,"
            + " schema = customers }\n");

    Run run;
    try (LogCapture logs = LogCapture.start()) {
      run = ingest(fixture.request("local"), "jdbc-wrong-password", START);
      run = run.withLogs(logs.text());
    }
    assertEquals(1, run.exit(), run.out());
    assertEquals(
        "ERROR: PostgreSQL at "
            + endpoint()
            + " refused the password for user '"
            + PostgresCustomers.user()
            + "' (source 'customers'). Check the password in file "
            + wrongFile
            + " (mljobs.sources.customers.password-file) and the user in"
            + " mljobs.sources.customers.user.",
        run.err().lines().findFirst().orElse(""));
    assertEquals("job-failed", run.manifest().status());
    assertTrue(run.logs().contains("INFO "), "the capture saw the run's INFO lines");
    for (String place : List.of(run.out(), run.err(), run.manifestJson(), run.logs())) {
      assertFalse(place.contains(wrong), "the password leaked:\n" + place);
    }
    assertFalse(Files.exists(warehouse.resolve("bronze/customers")), "nothing was written");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void sourceDownFailsFastNamingWhatToDo() throws Exception {
    int unused;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      unused = socket.getLocalPort();
    }
    Run run =
        ingest(
            "jdbc-down",
            START,
            "mljobs.sources.customers.url=jdbc:postgresql://127.0.0.1:" + unused + "/mljobs");
    assertEquals(1, run.exit());
    assertEquals(
        "ERROR: Cannot reach PostgreSQL at 127.0.0.1:"
            + unused
            + " (connection refused). Start it (scripts/services/postgres start) or fix"
            + " mljobs.sources.customers.url.",
        run.err().lines().findFirst().orElse(""));
    assertEquals(1, run.manifest().exitCode());
    assertFalse(run.manifestJson().contains(PostgresCustomers.password()));
  }

  @Test
  void missingTableNamesTheKeyToFix() throws Exception {
    Run run =
        ingest(
            "jdbc-missing",
            START,
            "mljobs.sources.customers.table=" + customers.schema() + ".nope");
    assertEquals(1, run.exit());
    String error = run.err().lines().findFirst().orElse("");
    assertTrue(
        error.startsWith(
            "ERROR: Source 'customers': PostgreSQL at "
                + endpoint()
                + " has no table "
                + customers.schema()
                + ".nope"),
        error);
    assertTrue(error.endsWith("Create it, or fix mljobs.sources.customers.table."), error);
  }

  @Test
  void sqlInjectedThroughTheTableOrQueryRunsNothingAndExitsTwo() throws Exception {
    String canary = customers.schema() + ".canary";
    customers.execute("CREATE TABLE " + canary + " (id int)");
    customers.execute("INSERT INTO " + canary + " VALUES (1)");
    String table = customers.table();

    Run viaTable =
        ingest(
            "jdbc-inject-table",
            START,
            "mljobs.sources.customers.table="
                + table
                + "; DROP TABLE "
                + canary
                + "; SELECT * FROM "
                + table);
    assertEquals(2, viaTable.exit(), viaTable.err());
    String error = viaTable.err().lines().findFirst().orElse("");
    assertTrue(
        error.startsWith(
            "ERROR: Config key 'mljobs.sources.customers.table' must name one table as"
                + " [schema.]table"),
        error);

    Run viaQuery =
        ingestQuery("jdbc-inject-query", "SELECT * FROM " + table + "; DROP TABLE " + canary);
    assertEquals(2, viaQuery.exit(), viaQuery.err());
    assertEquals(
        "ERROR: Config key 'mljobs.sources.customers.query' holds more than one statement (a ';'"
            + " inside the query). Give one SELECT; for a literal semicolon use the database's"
            + " function for it (e.g. chr(59)).",
        viaQuery.err().lines().findFirst().orElse(""));

    assertEquals(1L, ((Number) customers.value("SELECT COUNT(*) FROM " + canary)).longValue());
    assertFalse(Files.exists(warehouse.resolve("bronze/customers")), "nothing was written");
  }

  @Test
  void queryEndingInACommentStillReads(SparkSession spark) throws Exception {
    customers.copy(data.resolve(DemoDataWriter.CUSTOMERS_PATH));
    Run run =
        ingestQuery(
            "jdbc-query-comment", "SELECT * FROM " + customers.table() + " -- every customer");
    assertEquals(0, run.exit(), run.err());
    assertBronzeEqualsTheTable(spark);
  }

  // ---- helpers --------------------------------------------------------------------------

  /** Runs ingest-jdbc with the demo pipeline's config, pointed at this test's table. */
  private Run ingest(String runId, LocalDate runDate, String... extra) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("mljobs.warehouse", warehouse.toString());
    overrides.put("mljobs.sources.customers.url", PostgresCustomers.url());
    overrides.put("mljobs.sources.customers.user", PostgresCustomers.user());
    overrides.put("mljobs.sources.customers.table", customers.table());
    // The demo reads ${?MLJOBS_PG_PASSWORD}; where that is unset, a file gives the same value.
    if (System.getenv("MLJOBS_PG_PASSWORD") == null) {
      overrides.put("mljobs.sources.customers.password-file", passwordFile.toString());
    }
    for (String override : extra) {
      int eq = override.indexOf('=');
      overrides.put(override.substring(0, eq), override.substring(eq + 1));
    }
    ConfigRequest request =
        new ConfigRequest(
            ServiceEnv.projectRoot().resolve("conf/pipelines/demo"), "local", null, overrides);
    return ingest(request, runId, runDate);
  }

  /** Runs ingest-jdbc on the demo's customers schema, reading {@code query} instead of a table. */
  private Run ingestQuery(String runId, String query) {
    ConfigFixture fixture = ConfigFixture.create(tmp.resolve("conf-" + runId), warehouse);
    fixture.pipeline(
        "include file(\""
            + ServiceEnv.projectRoot().resolve("conf/pipelines/demo/schemas.conf")
            + "\")\n"
            + "mljobs.sources.customers { type = jdbc, url = \""
            + PostgresCustomers.url()
            + "\", user = \""
            + PostgresCustomers.user()
            + "\", password-file = \""
            + passwordFile
            + "\", query = "
            + com.typesafe.config.ConfigUtil.quoteString(query)
            + ", key-columns = [customer_id], watermark-column = updated_at,"
            + " schema = customers }\n");
    return ingest(fixture.request("local"), runId, START);
  }

  private Run ingest(ConfigRequest request, String runId, LocalDate runDate) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JobRunner runner =
        new JobRunner(
            JobRegistry.discover(), // as Main: the demo config has sections of the other jobs
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit = runner.run(new JobInvocation("ingest-jdbc", request, runDate, runId, false));
    String stdout = out.toString(StandardCharsets.UTF_8);
    String manifestJson = "";
    for (String line : stdout.lines().toList()) {
      if (line.startsWith("[mljobs] Run manifest: ")) {
        try {
          manifestJson = Files.readString(Path.of(line.substring(23).trim()));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return new Run(exit, stdout, err.toString(StandardCharsets.UTF_8), manifestJson, "");
  }

  private String path(String relative) {
    return warehouse.resolve(relative).toString();
  }

  private Dataset<Row> bronze(SparkSession spark) {
    return spark.read().format("delta").load(path("bronze/customers"));
  }

  private Dataset<Row> bronzeAt(SparkSession spark, long version) {
    return spark
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(path("bronze/customers"));
  }

  private long latestVersion(SparkSession spark) {
    return DeltaTable.forPath(spark, path("bronze/customers"))
        .history(1)
        .first()
        .<Long>getAs("version");
  }

  private void assertBronzeEqualsTheTable(SparkSession spark) throws Exception {
    assertBronzeEqualsTheTable(spark, "true");
  }

  /** Bronze holds exactly the table's rows (those matching {@code where}), one per key. */
  private void assertBronzeEqualsTheTable(SparkSession spark, String where) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", PostgresCustomers.user());
    properties.setProperty("password", PostgresCustomers.password());
    String[] columns = COLUMNS.toArray(String[]::new);
    Dataset<Row> table =
        spark
            .read()
            .jdbc(PostgresCustomers.url(), customers.table(), properties)
            .filter(where)
            .selectExpr(columns);
    Dataset<Row> bronze = bronze(spark).selectExpr(columns).cache();
    table.cache();
    try {
      long rows = customers.count(where);
      assertEquals(rows, bronze.count(), "bronze has as many rows as the table");
      assertEquals(rows, bronze.select("customer_id").distinct().count(), "one row per key");
      assertEquals(0, table.exceptAll(bronze).count(), "every table row is in bronze as it is");
      assertEquals(0, bronze.exceptAll(table).count(), "bronze has nothing else");
    } finally {
      bronze.unpersist();
      table.unpersist();
    }
  }

  /** An aggregate of the table as the ISO instant the manifest uses. */
  private String iso(String aggregate) throws Exception {
    Object value = customers.value("SELECT " + aggregate + " FROM " + customers.table());
    return ((Timestamp) value).toInstant().toString();
  }

  private static String endpoint() {
    String url = PostgresCustomers.url();
    String rest = url.substring(url.indexOf("//") + 2);
    return rest.substring(0, rest.indexOf('/'));
  }

  private static long number(Map<String, Object> details, String key) {
    Object value = details.get(key);
    assertTrue(value instanceof Number, key + " is not in the manifest input: " + details);
    return ((Number) value).longValue();
  }

  /** One run's exit code, output, manifest and (when captured) log lines. */
  private record Run(int exit, String out, String err, String manifestJson, String logs) {
    RunManifest manifest() {
      assertFalse(manifestJson.isEmpty(), "no manifest path in the output:\n" + out + err);
      return ManifestJson.read(manifestJson);
    }

    Map<String, Object> input() {
      List<InputRecord> inputs = manifest().inputs();
      assertEquals(1, inputs.size(), inputs.toString());
      assertEquals("jdbc", inputs.get(0).kind());
      return inputs.get(0).details();
    }

    Run withLogs(String captured) {
      return new Run(exit, out, err, manifestJson, captured);
    }
  }

  /**
   * Everything logged through log4j by Spark, Delta, Hadoop and mljobs at INFO and above, and
   * through java.util.logging by the PostgreSQL driver at every level, while open. The console
   * keeps showing warnings only. (Loggers of their own, because Spark resets the root level when
   * the runner gets the session.)
   */
  private static final class LogCapture implements AutoCloseable {
    private static final List<String> LOGGERS =
        List.of("org.apache.spark", "io.delta", "org.apache.hadoop", "io.mljobs", "org.postgresql");
    private final StringBuffer text = new StringBuffer();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Appender appender;
    private final Handler handler;
    private final java.util.logging.Logger driverLogger =
        java.util.logging.Logger.getLogger("org.postgresql");
    private final java.util.logging.Level previousDriverLevel;

    private LogCapture() {
      appender =
          new AbstractAppender("it-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
              text.append(event.getLevel())
                  .append(' ')
                  .append(event.getMessage().getFormattedMessage())
                  .append('\n');
              if (event.getThrown() != null) {
                text.append(event.getThrown()).append('\n');
              }
            }
          };
      appender.start();
      Configuration config = context.getConfiguration();
      for (String name : LOGGERS) {
        LoggerConfig logger = new LoggerConfig(name, Level.INFO, false);
        logger.addAppender(appender, Level.INFO, null);
        config
            .getRootLogger()
            .getAppenders()
            .values()
            .forEach(console -> logger.addAppender(console, Level.WARN, null));
        config.addLogger(name, logger);
      }
      context.updateLoggers();

      previousDriverLevel = driverLogger.getLevel();
      handler =
          new Handler() {
            @Override
            public void publish(LogRecord record) {
              text.append(record.getLevel())
                  .append(' ')
                  .append(record.getMessage())
                  .append(' ')
                  .append(java.util.Arrays.toString(record.getParameters()))
                  .append('\n');
              if (record.getThrown() != null) {
                text.append(record.getThrown()).append('\n');
              }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
          };
      handler.setLevel(java.util.logging.Level.ALL);
      driverLogger.setLevel(java.util.logging.Level.ALL);
      driverLogger.addHandler(handler);
    }

    static LogCapture start() {
      return new LogCapture();
    }

    String text() {
      return text.toString();
    }

    @Override
    public void close() {
      Configuration config = context.getConfiguration();
      LOGGERS.forEach(config::removeLogger);
      context.updateLoggers();
      appender.stop();
      driverLogger.removeHandler(handler);
      driverLogger.setLevel(previousDriverLevel);
    }
  }
}
