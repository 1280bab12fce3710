package io.mljobs.jobs.it;

import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.publish.PublishSnowflakeJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the publish-snowflake service tests share: a Delta source table written like a job writes
 * it, a fakesnow schema of their own, the job run in-process with the test pipeline's config.
 */
@ExtendWith(SharedSpark.class)
abstract class PublishFixture {
  static final LocalDate DAY1 = LocalDate.of(2026, 11, 6);
  static final LocalDate DAY2 = LocalDate.of(2026, 11, 7);
  static final String SECRET = "pw-" + "k3ep-0ut-of-logs";
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("name", DataTypes.StringType)
          .add("amount", DataTypes.createDecimalType(12, 2))
          .add("day", DataTypes.DateType);

  @TempDir Path tmp;
  Path warehouse;
  ConfigFixture conf;
  FakeSnowflake sf;

  record Run(int exit, String out, String err, RunManifest manifest, String manifestJson) {}

  @BeforeAll
  static void serverUp() {
    FakeSnowflake.requireRunning();
  }

  @BeforeEach
  void setUp() throws Exception {
    warehouse = tmp.resolve("warehouse");
    sf = FakeSnowflake.newSchema("IT_PUB");
    Path secret = Files.writeString(tmp.resolve("sf.secret"), SECRET);
    conf = ConfigFixture.create(tmp, warehouse);
    conf.pipeline(pipeline(FakeSnowflake.url(), sf.schema(), secret));
  }

  ConfigFixture conf() {
    return conf;
  }

  Path tmp() {
    return tmp;
  }

  FakeSnowflake sf() {
    return sf;
  }

  @AfterEach
  void dropSchema() {
    sf.drop();
  }

  static String pipeline(String url, String schema, Path secret) {
    return "mljobs.jobs.publish-snowflake {\n"
        + "  connection {\n"
        + "    url = \""
        + url
        + "\"\n"
        + "    user = fake\n"
        + "    password-file = \""
        + secret
        + "\"\n"
        + "    database = MLJOBS\n"
        + "    schema = "
        + schema
        + "\n"
        + "    connect-timeout = 5s\n"
        + "    max-http-retries = 1\n"
        + "  }\n"
        + "  publications.scores {\n"
        + "    source = \"silver.scores\"\n"
        + "    target = SCORES\n"
        + "    version = latest\n"
        + "    mode = replace\n"
        + "  }\n"
        + "}\n";
  }

  // ---- helpers ---------------------------------------------------------------------------

  static Row row(long id, String name, String amount, LocalDate day) {
    return RowFactory.create(id, name, new BigDecimal(amount), Date.valueOf(day));
  }

  /** Writes a Delta version of silver.scores the way a job does (run id in the commit). */
  long writeSource(SparkSession spark, String runId, LocalDate date, Row... rows) {
    Dataset<Row> df = spark.createDataFrame(List.of(rows), SCHEMA);
    return DeltaOutput.to(warehouse.resolve("silver/scores").toString())
        .overwrite()
        .userMetadata(Map.of("run_id", runId, "job", "test", "run_date", date.toString()))
        .execute(df)
        .version();
  }

  Run publish(String runId, LocalDate date, String... overrides) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new JobRunner(
                JobRegistry.of(new PublishSnowflakeJob()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(
                new JobInvocation(
                    "publish-snowflake", conf.request("local", overrides), date, runId, false));
    String stdout = out.toString(StandardCharsets.UTF_8);
    RunManifest manifest = null;
    String json = null;
    for (String line : stdout.lines().toList()) {
      if (line.contains("Run manifest: ")) {
        json = Files.readString(Path.of(line.split("Run manifest: ")[1].trim()));
        manifest = ManifestJson.read(json);
      }
    }
    return new Run(exit, stdout, err.toString(StandardCharsets.UTF_8), manifest, json);
  }

  List<List<String>> target() throws Exception {
    return sf.rows("SELECT ID, NAME, AMOUNT, DAY FROM " + sf.table("SCORES") + " ORDER BY ID, DAY");
  }

  static List<String> r(Object... values) {
    List<String> list = new ArrayList<>();
    for (Object v : values) {
      list.add(v == null ? null : v.toString());
    }
    return list;
  }

  static final String M = "mljobs.jobs.publish-snowflake.publications.scores.";
}
