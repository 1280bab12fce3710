package io.mljobs.jobs.ingest.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class IngestFilesJobTest {
  private static final String HEADER = "id,ts,amount,kind\n";

  @TempDir Path tmp;
  private Path landing;
  private Path warehouse;
  private ConfigFixture conf;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    landing = Files.createDirectories(tmp.resolve("landing"));
    warehouse = tmp.resolve("wh");
    conf = ConfigFixture.create(tmp, warehouse);
    conf.pipeline(
        """
        mljobs {
          schemas.payments.columns = [
            { name = id, type = string, nullable = false }
            { name = ts, type = timestamp, format = "yyyy-MM-dd'T'HH:mm:ssX" }
            { name = amount, type = "decimal(10,2)", nullable = false }
            { name = kind, type = string }
          ]
          sources.payments_csv { type = files, format = csv, path = "%s/csv", glob = "*.csv", schema = payments, options.header = "true" }
          sources.payments_json { type = files, format = json, path = "%s/json", glob = "*.jsonl", schema = payments }
          sources.payments_parquet { type = files, format = parquet, path = "%s/parquet", schema = payments }
        }
        """
            .formatted(landing, landing, landing));
  }

  private int ingest(String date, String... overrides) {
    out.reset();
    err.reset();
    JobRunner runner =
        new JobRunner(
            JobRegistry.of(new IngestFilesJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    LocalDate runDate = LocalDate.parse(date);
    return runner.run(
        new JobInvocation(
            "ingest-files",
            conf.request("local", overrides),
            runDate,
            "ingest-files_" + date,
            false));
  }

  private void file(String relative, String content) throws Exception {
    Path path = landing.resolve(relative);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }

  private Dataset<Row> table(SparkSession spark, String layerAndName) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.resolve(layerAndName.replace('.', '/')).toString());
  }

  /** The ids in a table, sorted. */
  private List<String> ids(SparkSession spark, String layerAndName) {
    return table(spark, layerAndName)
        .orderBy("id")
        .select("id")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  private static final String CSV_ONLY = "mljobs.jobs.ingest-files.sources=[payments_csv]";

  @Test
  void csvRowsLandInBronzeOrQuarantineWithAReason(SparkSession spark) throws Exception {
    file(
        "csv/day1.csv",
        HEADER
            + "a1,2026-11-01T10:00:00Z,10.50,pos\n"
            + "a2,2026-11-01T11:00:00Z,not-a-number,pos\n"
            + "a3,yesterday,3.00,pos\n"
            + ",2026-11-01T12:00:00Z,4.00,pos\n"
            + "a5,2026-11-01T13:00:00Z,5.00\n"
            + "a6,2026-11-01T14:00:00Z,6.00,pos,extra\n"
            + "a7,2026-11-01T15:00:00Z,\"7.00,pos\n");

    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());

    List<Row> bronze = table(spark, "bronze.payments_csv").orderBy("id").collectAsList();
    assertEquals(List.of("a1"), bronze.stream().map(r -> r.getString(0)).toList());
    assertEquals("10.50", bronze.get(0).getDecimal(2).toPlainString());
    assertTrue(bronze.get(0).<String>getAs("_source_file").endsWith("day1.csv"));
    assertEquals("ingest-files_2026-11-01", bronze.get(0).getAs("_run_id"));

    List<Row> rejected =
        table(spark, "quarantine.payments_csv").orderBy("raw_record").collectAsList();
    assertEquals(6, rejected.size(), "every bad row is kept");
    String reasons = rejected.stream().map(r -> r.<String>getAs("reason")).toList().toString();
    assertTrue(reasons.contains("amount: 'not-a-number' is not a valid decimal(10,2)"), reasons);
    assertTrue(
        reasons.contains(
            "ts: 'yesterday' is not a valid timestamp (format yyyy-MM-dd'T'HH:mm:ssX)"),
        reasons);
    assertTrue(reasons.contains("id: required value is missing"), reasons);
    assertTrue(reasons.contains("malformed record: 3 field(s), expected 4"), reasons);
    assertTrue(reasons.contains("malformed record: 5 field(s), expected 4"), reasons);
    Row extra =
        rejected.stream()
            .filter(r -> r.<String>getAs("raw_record").startsWith("a6,"))
            .findFirst()
            .orElseThrow();
    assertTrue(extra.<String>getAs("source_position").endsWith("day1.csv:7"), extra.toString());
    assertTrue(
        rejected.stream()
            .anyMatch(
                r ->
                    r.<String>getAs("raw_record").equals("a6,2026-11-01T14:00:00Z,6.00,pos,extra")),
        "the raw line of a malformed row is kept as received");
    assertTrue(
        out.toString().contains("1 new file(s), 1 row(s) loaded, 6 quarantined"), out.toString());
  }

  private static final String MIXED_CSV =
      HEADER
          + "a1,2026-11-01T10:00:00Z,10.50,pos\n"
          + "a2,2026-11-01T11:00:00Z,not-a-number,pos\n"
          + "a3,2026-11-01T12:00:00Z,3.00,web\n"
          + "a4,yesterday,4.00,pos\n";

  /** What a run of MIXED_CSV must leave: two rows in bronze, two in quarantine, once each. */
  private void assertMixedCsvLandedOnce(SparkSession spark) {
    assertEquals(List.of("a1", "a3"), ids(spark, "bronze.payments_csv"));
    List<Row> rejected =
        table(spark, "quarantine.payments_csv").orderBy("raw_record").collectAsList();
    List<String> raw = rejected.stream().map(r -> r.<String>getAs("raw_record")).toList();
    assertEquals(2, raw.size(), raw.toString());
    assertTrue(raw.get(0).contains("\"not-a-number\""), raw.toString());
    assertTrue(raw.get(1).contains("\"yesterday\""), raw.toString());
    // Each reject names its file and line (the header is line 1).
    assertTrue(
        rejected.get(0).<String>getAs("source_position").endsWith("/csv/day1.csv:3"),
        rejected.toString());
    assertTrue(
        rejected.get(1).<String>getAs("source_position").endsWith("/csv/day1.csv:5"),
        rejected.toString());
  }

  @Test
  void rejectsBeyondTheInMemoryBoundAreReadAgainAndStillLandOnce(SparkSession spark)
      throws Exception {
    file("csv/day1.csv", MIXED_CSV);
    // 0 bytes: no reject fits in memory, so the quarantine comes from a second read of the batch.
    assertEquals(
        0,
        ingest("2026-11-01", CSV_ONLY, "mljobs.jobs.ingest-files.rejects-in-memory=0"),
        err.toString());
    assertMixedCsvLandedOnce(spark);
    assertTrue(
        out.toString().contains("1 new file(s), 2 row(s) loaded, 2 quarantined"), out.toString());
  }

  @Test
  void aBatchReplayedAfterItsBronzeCommitWritesOnlyTheMissingQuarantine(SparkSession spark)
      throws Exception {
    file("csv/day1.csv", MIXED_CSV);
    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());
    // A crash after the bronze commit and before the quarantine's: the quarantine is missing and
    // the processed-files log has batch 0 planned, not loaded, so the next run replays it.
    dropLastCommit(warehouse.resolve("ingest_log/payments_csv"));
    deleteTree(warehouse.resolve("quarantine/payments_csv"));

    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());
    assertMixedCsvLandedOnce(spark);
    assertEquals(
        1L,
        table(spark, "bronze.payments_csv").select("_run_id").distinct().count(),
        "bronze was not written again");
    assertEquals(0, ingest("2026-11-02", CSV_ONLY), err.toString());
    assertTrue(out.toString().contains("0 new file(s), 0 row(s) loaded"), out.toString());
    assertMixedCsvLandedOnce(spark);
  }

  @Test
  void aBatchThatFailedBeforeItsCommitsIsPlannedAgainWithTheFilesThereNow(SparkSession spark)
      throws Exception {
    file("csv/day1.csv", MIXED_CSV);
    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());
    // Batch 0 planned and nothing committed: as if the run died before its bronze commit.
    dropLastCommit(warehouse.resolve("ingest_log/payments_csv"));
    deleteTree(warehouse.resolve("quarantine/payments_csv"));
    deleteTree(warehouse.resolve("bronze/payments_csv"));
    file("csv/day2.csv", HEADER + "b1,2026-11-02T10:00:00Z,2.00,pos\n");

    assertEquals(0, ingest("2026-11-02", CSV_ONLY), err.toString());
    assertEquals(List.of("a1", "a3", "b1"), ids(spark, "bronze.payments_csv"));
    assertEquals(2, table(spark, "quarantine.payments_csv").count());
  }

  /** Removes a Delta table's last commit, as if the run had died just before making it. */
  private static void dropLastCommit(Path table) throws Exception {
    Path log = table.resolve("_delta_log");
    try (var files = Files.list(log)) {
      Path last =
          files
              .filter(p -> p.getFileName().toString().matches("\\d{20}\\.json"))
              .sorted()
              .reduce((a, b) -> b)
              .orElseThrow();
      Files.delete(last);
      Files.deleteIfExists(log.resolve("." + last.getFileName() + ".crc"));
      Files.deleteIfExists(log.resolve(last.getFileName().toString().replace(".json", ".crc")));
    }
    org.apache.spark.sql.delta.DeltaLog.clearCache();
  }

  private static void deleteTree(Path root) throws Exception {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void laterRunsTakeOnlyNewFilesAndEveryRowLandsOnce(SparkSession spark) throws Exception {
    file(
        "csv/day1.csv",
        HEADER + "a1,2026-11-01T10:00:00Z,1.00,pos\na2,2026-11-01T10:00:00Z,bad,pos\n");
    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());
    file("csv/day2.csv", HEADER + "b1,2026-11-02T10:00:00Z,2.00,pos\n");
    file(
        "csv/day3.csv",
        HEADER + "c1,2026-11-03T10:00:00Z,3.00,pos\nc2,2026-11-03T10:00:00Z,3.50,web\n");
    assertEquals(0, ingest("2026-11-03", CSV_ONLY), err.toString());
    assertEquals(0, ingest("2026-11-04", CSV_ONLY), "a run with nothing new is a no-op");

    assertEquals(List.of("a1", "b1", "c1", "c2"), ids(spark, "bronze.payments_csv"));
    assertEquals(1, table(spark, "quarantine.payments_csv").count());
    assertTrue(out.toString().contains("0 new file(s), 0 row(s) loaded"), out.toString());
  }

  @Test
  void jsonLinesWithBadRecordsAndMissingFields(SparkSession spark) throws Exception {
    file(
        "json/d.jsonl",
        "{\"id\":\"j1\",\"ts\":\"2026-11-01T10:00:00Z\",\"amount\":12.5,\"kind\":\"web\"}\n"
            + "{\"id\":\"j2\",\"ts\":\"2026-11-01T10:00:00Z\",\"amount\":\"lots\"}\n"
            + "{\"ts\":\"2026-11-01T10:00:00Z\",\"amount\":1}\n"
            + "{\"id\":\"j4\",\"ts\":\"2026-11-01T1\n"
            + "{\"id\":\"j5\",\"ts\":\"2026-11-01T10:00:00Z\",\"amount\":5,\"unexpected\":true}\n");
    assertEquals(
        0,
        ingest("2026-11-01", "mljobs.jobs.ingest-files.sources=[payments_json]"),
        err.toString());

    assertEquals(List.of("j1", "j5"), ids(spark, "bronze.payments_json"));
    List<String> rules =
        table(spark, "quarantine.payments_json")
            .orderBy("rule")
            .select("rule")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertEquals(List.of("malformed", "required", "type"), rules);
  }

  @Test
  void emptyFolderAndEmptyFileAreNoOps(SparkSession spark) throws Exception {
    Files.createDirectories(landing.resolve("csv"));
    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());
    assertTrue(
        out.toString().contains("0 new file(s), 0 row(s) loaded, 0 quarantined"), out.toString());
    file("csv/empty.csv", "");
    assertEquals(0, ingest("2026-11-02", CSV_ONLY), err.toString());
  }

  @Test
  void aFailingSourceDoesNotStopTheOthersAndTheRunFailsNamingIt(SparkSession spark)
      throws Exception {
    file("csv/day1.csv", HEADER + "a1,2026-11-01T10:00:00Z,1.00,pos\n");
    // payments_json's folder does not exist.
    assertEquals(
        1, ingest("2026-11-01", "mljobs.jobs.ingest-files.sources=[payments_json, payments_csv]"));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(stderr.contains("Source 'payments_json': path"), stderr);
    assertEquals(List.of("a1"), ids(spark, "bronze.payments_csv"), "the healthy source loaded");
  }

  @Test
  void missingFolderFailsWithWhatToDo() {
    assertEquals(1, ingest("2026-11-01", CSV_ONLY));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        stderr.startsWith(
            "ERROR: Source 'payments_csv': path '" + landing.resolve("csv") + "' does not exist."),
        stderr);
    assertTrue(stderr.contains("mljobs.sources.payments_csv.path"), stderr);
  }

  @Test
  void fileThatIsNotParquetFailsNamingTheFile() throws Exception {
    file("parquet/fake.parquet", "id,ts\nthis is csv\n");
    assertEquals(1, ingest("2026-11-01", "mljobs.jobs.ingest-files.sources=[payments_parquet]"));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(stderr.contains("Ingesting source 'payments_parquet'"), stderr);
    assertTrue(stderr.contains("fake.parquet"), stderr);
  }

  @Test
  void unknownSourceNameIsAConfigError() {
    assertEquals(2, ingest("2026-11-01", "mljobs.jobs.ingest-files.sources=[payments_cvs]"));
    assertTrue(err.toString().contains("(did you mean 'payments_csv'?)"), err.toString());
  }
}
