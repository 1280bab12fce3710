package io.mljobs.jobs.ingest.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries as they arrive in practice, each generated here: headers in another order, files
 * caught empty or mid-write, corrected files re-delivered under the same name, {@code name=value}
 * folders, files that are mostly garbage.
 */
@ExtendWith(SharedSpark.class)
class IngestFilesDeliveryTest {
  private static final String HEADER = "id,ts,amount,kind\n";
  private static final String CSV_ONLY = "mljobs.jobs.ingest-files.sources=[payments_csv]";

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
        }
        """
            .formatted(landing));
    Files.createDirectories(landing.resolve("csv"));
  }

  private int ingest(String date, String... overrides) {
    out.reset();
    err.reset();
    JobRunner runner =
        new JobRunner(
            JobRegistry.of(new IngestFilesJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return runner.run(
        new JobInvocation(
            "ingest-files",
            conf.request("local", overrides),
            LocalDate.parse(date),
            "ingest-files_" + date,
            false));
  }

  private Path file(String relative, String content) throws Exception {
    Path path = landing.resolve(relative);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
    return path;
  }

  private Dataset<Row> table(SparkSession spark, String layerAndName) {
    return spark
        .read()
        .format("delta")
        .load(warehouse.resolve(layerAndName.replace('.', '/')).toString());
  }

  /** "id=kind" of every bronze row, sorted. */
  private List<String> idKinds(SparkSession spark) {
    return table(spark, "bronze.payments_csv")
        .selectExpr("concat(id, '=', coalesce(kind, 'null'))")
        .as(Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  // ---- 12.5: CSV columns by header name -------------------------------------------------------

  @Test
  void csvColumnsAreMappedByTheirHeaderNames(SparkSession spark) throws Exception {
    // Two string columns swapped, and a file that leaves out the nullable kind.
    file("csv/a.csv", "kind,ts,amount,id\npos,2026-11-01T10:00:00Z,1.00,a1\n");
    file("csv/b.csv", "ID , Amount,ts\nb1,2.00,2026-11-01T10:00:00Z\n");
    file("csv/c.csv", HEADER + "c1,2026-11-01T10:00:00Z,3.00,web\n");

    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());

    assertEquals(List.of("a1=pos", "b1=null", "c1=web"), idKinds(spark));
    assertEquals(
        "2.00",
        table(spark, "bronze.payments_csv")
            .where("id = 'b1'")
            .first()
            .getDecimal(2)
            .toPlainString());
  }

  @Test
  void aHeaderThatDoesNotFitQuarantinesTheFileNamingTheHeader(SparkSession spark) throws Exception {
    file("csv/good.csv", HEADER + "g1,2026-11-01T10:00:00Z,1.00,pos\n");
    file(
        "csv/bad.csv",
        "ident,ts,amount,kind,extra\nx1,2026-11-01T10:00:00Z,1.00,pos,1\nx2,2026-11-01T10:00:00Z,2.00,pos,2\n");

    assertEquals(
        0,
        ingest("2026-11-01", CSV_ONLY, "mljobs.sources.payments_csv.on-header-mismatch=quarantine"),
        err.toString());

    assertEquals(List.of("g1=pos"), idKinds(spark));
    List<Row> rejected =
        table(spark, "quarantine.payments_csv").orderBy("raw_record").collectAsList();
    assertEquals(2, rejected.size(), "every data line of the file, not its header");
    assertEquals("x1,2026-11-01T10:00:00Z,1.00,pos,1", rejected.get(0).getAs("raw_record"));
    assertEquals("header", rejected.get(0).getAs("rule"));
    assertTrue(
        rejected.get(1).<String>getAs("source_position").endsWith("/csv/bad.csv:3"),
        rejected.toString());
    String reason = rejected.get(0).getAs("reason");
    assertTrue(reason.contains("header [ident,ts,amount,kind,extra]"), reason);
    assertTrue(reason.contains("lacks required column(s) [id]"), reason);
    assertTrue(reason.contains("names unknown column(s) [ident, extra]"), reason);
  }

  @Test
  void aBatchOfOnlyAMisfitFileQuarantinesItsLinesAndTheLogSaysSo(SparkSession spark)
      throws Exception {
    // The defect: a batch holding only a misfit file was logged as loaded with 0 rows.
    file("csv/only.csv", "id,total\nx1,1.00\nx2,2.00\nx3,3.00\n");
    file("csv/_x.tmp", ""); // not matched by the glob; keeps the folder realistic

    // quarantine is the default (issue 12.5: "a clear quarantine of the file, or a failure").
    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());

    assertTrue(
        out.toString().contains("1 new file(s), 0 row(s) loaded, 3 quarantined"), out.toString());
    List<Row> rejected =
        table(spark, "quarantine.payments_csv").orderBy("source_position").collectAsList();
    assertEquals(3, rejected.size(), rejected.toString());
    assertEquals("x1,1.00", rejected.get(0).getAs("raw_record"));
    assertEquals("header", rejected.get(0).getAs("rule"));
    assertTrue(
        rejected.get(0).<String>getAs("source_position").endsWith("/csv/only.csv:2"),
        rejected.toString());
    String reason = rejected.get(0).getAs("reason");
    assertTrue(reason.contains("header [id,total]"), reason);
    Row logged = table(spark, "ingest_log.payments_csv").where("state = 'loaded'").first();
    assertEquals(3L, ((Number) logged.getAs("rows")).longValue(), logged.toString());
    assertEquals(3L, ((Number) logged.getAs("rows_quarantined")).longValue(), logged.toString());
  }

  @Test
  void aHeaderThatDoesNotFitFailsTheRunWhenSoConfigured(SparkSession spark) throws Exception {
    file("csv/bad.csv", "ts,amount,kind\n2026-11-01T10:00:00Z,1.00,pos\n");

    assertEquals(
        1, ingest("2026-11-01", CSV_ONLY, "mljobs.sources.payments_csv.on-header-mismatch=fail"));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        stderr.contains("file bad.csv: header [ts,amount,kind] does not fit schema 'payments'"),
        stderr);
    assertTrue(stderr.contains("lacks required column(s) [id]"), stderr);
    assertFalse(Files.exists(warehouse.resolve("bronze/payments_csv")), "nothing loaded");
  }

  // ---- 12.6: files caught empty or mid-write ---------------------------------------------------

  @Test
  void anEmptyFileIsSkippedAndLoadedOnceItsContentArrives(SparkSession spark) throws Exception {
    Path late = file("csv/late.csv", "");
    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());
    String first = out.toString();
    assertTrue(first.contains("0 new file(s), 0 row(s) loaded"), first);
    assertTrue(first.contains("payments_csv: skipped 1 file(s) not ready"), first);
    assertTrue(first.contains("late.csv (empty)"), first);

    Files.writeString(late, HEADER + "l1,2026-11-01T10:00:00Z,1.00,pos\n");
    assertEquals(0, ingest("2026-11-02", CSV_ONLY), err.toString());
    assertTrue(out.toString().contains("1 new file(s), 1 row(s) loaded"), out.toString());
    assertEquals(List.of("l1=pos"), idKinds(spark));
  }

  @Test
  void aFileYoungerThanTheSettleTimeWaitsForALaterRun(SparkSession spark) throws Exception {
    Path fresh = file("csv/fresh.csv", HEADER + "f1,2026-11-01T10:00:00Z,1.00,pos\n");
    assertEquals(
        0,
        ingest("2026-11-01", CSV_ONLY, "mljobs.jobs.ingest-files.settle-time=10m"),
        err.toString());
    assertTrue(out.toString().contains("fresh.csv (modified "), out.toString());
    assertTrue(out.toString().contains("(settle-time 600s)"), out.toString());
    assertFalse(Files.exists(warehouse.resolve("bronze/payments_csv")));

    Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minusSeconds(3600)));
    assertEquals(
        0,
        ingest("2026-11-02", CSV_ONLY, "mljobs.jobs.ingest-files.settle-time=10m"),
        err.toString());
    assertEquals(List.of("f1=pos"), idKinds(spark));
  }

  @Test
  void doneMarkersSayWhenAFileIsReady(SparkSession spark) throws Exception {
    file("csv/a.csv", HEADER + "a1,2026-11-01T10:00:00Z,1.00,pos\n");
    String sidecar = "mljobs.sources.payments_csv.done-marker=.done";
    assertEquals(0, ingest("2026-11-01", CSV_ONLY, sidecar), err.toString());
    assertTrue(out.toString().contains("a.csv (no a.csv.done yet)"), out.toString());
    file("csv/a.csv.done", "");
    assertEquals(0, ingest("2026-11-02", CSV_ONLY, sidecar), err.toString());
    assertEquals(List.of("a1=pos"), idKinds(spark));

    String folder = "mljobs.sources.payments_csv.done-marker=_SUCCESS";
    file("csv/day2/b.csv", HEADER + "b1,2026-11-02T10:00:00Z,1.00,pos\n");
    assertEquals(0, ingest("2026-11-03", CSV_ONLY, folder), err.toString());
    assertTrue(
        out.toString().contains("day2/b.csv (no _SUCCESS in its folder yet)"), out.toString());
    file("csv/day2/_SUCCESS", "");
    assertEquals(0, ingest("2026-11-04", CSV_ONLY, folder), err.toString());
    assertEquals(List.of("a1=pos", "b1=pos"), idKinds(spark));
  }

  // ---- 13.6: re-delivered files ----------------------------------------------------------------

  private static final String FIRST_DELIVERY =
      HEADER + "a1,2026-11-01T10:00:00Z,1.00,pos\na2,2026-11-01T10:00:00Z,oops,pos\n";
  private static final String CORRECTED =
      HEADER
          + "a1,2026-11-01T10:00:00Z,1.00,pos\n"
          + "a2,2026-11-01T10:00:00Z,2.00,pos\n"
          + "a3,2026-11-01T10:00:00Z,3.00,web\n";

  @Test
  void aChangedFileIsReportedAndNotLoadedByDefault(SparkSession spark) throws Exception {
    Path day1 = file("csv/day1.csv", FIRST_DELIVERY);
    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());
    Files.writeString(day1, CORRECTED);

    assertEquals(0, ingest("2026-11-02", CSV_ONLY), err.toString());
    String summary = out.toString();
    assertTrue(
        summary.contains(
            "WARNING payments_csv: 1 file(s) changed since they were loaded and were not loaded"
                + " again: day1.csv"),
        summary);
    assertTrue(summary.contains("on-changed-file = reprocess"), summary);
    assertEquals(List.of("a1=pos"), idKinds(spark));

    assertEquals(
        1, ingest("2026-11-03", CSV_ONLY, "mljobs.sources.payments_csv.on-changed-file=fail"));
    assertTrue(
        err.toString()
            .contains("file day1.csv changed since run ingest-files_2026-11-01 loaded it"),
        err.toString());
  }

  @Test
  void aChangedFileIsReloadedReplacingTheRowsOfItsFirstDelivery(SparkSession spark)
      throws Exception {
    Path day1 = file("csv/day1.csv", FIRST_DELIVERY);
    file("csv/day0.csv", HEADER + "z1,2026-10-31T10:00:00Z,9.00,pos\n");
    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());
    assertEquals(1, table(spark, "quarantine.payments_csv").count());
    Files.writeString(day1, CORRECTED);

    String reprocess = "mljobs.sources.payments_csv.on-changed-file=reprocess";
    assertEquals(0, ingest("2026-11-02", CSV_ONLY, reprocess), err.toString());
    assertTrue(
        out.toString().contains("reloaded 1 file(s), replacing their earlier rows: day1.csv"),
        out.toString());
    assertEquals(List.of("a1=pos", "a2=pos", "a3=web", "z1=pos"), idKinds(spark));
    assertEquals(0, table(spark, "quarantine.payments_csv").count(), "the old reject is gone");

    // Nothing changed since: a later run loads nothing again.
    assertEquals(0, ingest("2026-11-03", CSV_ONLY, reprocess), err.toString());
    assertTrue(out.toString().contains("0 new file(s), 0 row(s) loaded"), out.toString());
    assertEquals(4, table(spark, "bronze.payments_csv").count());
  }

  @Test
  void namedFilesAreReprocessedWithoutDuplicates(SparkSession spark) throws Exception {
    file("csv/day1.csv", CORRECTED);
    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());

    assertEquals(
        0,
        ingest("2026-11-02", CSV_ONLY, "mljobs.sources.payments_csv.reprocess=[day1.csv]"),
        err.toString());
    assertEquals(List.of("a1=pos", "a2=pos", "a3=web"), idKinds(spark));
    assertEquals(
        List.of("ingest-files_2026-11-02"),
        table(spark, "bronze.payments_csv")
            .select("_run_id")
            .distinct()
            .as(Encoders.STRING())
            .collectAsList());

    assertEquals(
        2, ingest("2026-11-03", CSV_ONLY, "mljobs.sources.payments_csv.reprocess=[nope.csv]"));
    assertTrue(
        err.toString().contains("mljobs.sources.payments_csv.reprocess' names [nope.csv]"),
        err.toString());
  }

  // ---- 13.4: name=value folders ----------------------------------------------------------------

  @Test
  void aFolderNamedLikeAColumnIsNotReadAsAPartitionColumn(SparkSession spark) throws Exception {
    // Before: Spark inferred 'kind' from the folder, read the file's four fields into three
    // columns and quarantined every row as malformed.
    file(
        "csv/kind=web/day1.csv",
        HEADER + "a1,2026-11-01T10:00:00Z,1.00,pos\na2,2026-11-01T10:00:00Z,2.00,pos\n");

    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());

    assertEquals(List.of("a1=pos", "a2=pos"), idKinds(spark));
    assertTrue(out.toString().contains("folder(s) kind=web look like partitions"), out.toString());
  }

  // ---- 13.5: a file that is mostly garbage -----------------------------------------------------

  @Test
  void aMostlyMalformedFileFailsTheRunAndNothingOfItIsLoaded(SparkSession spark) throws Exception {
    file(
        "csv/garbage.csv",
        HEADER
            + "g1,2026-11-01T10:00:00Z,1.00,pos\n"
            + "\u0000\u0001binary,,,,,,\n"
            + "more,garbage\n"
            + "x\n"
            + "y,1,2,3,4,5\n");

    assertEquals(3, ingest("2026-11-01", CSV_ONLY));
    String stdout = out.toString();
    assertTrue(stdout.contains("QUALITY_GATE_FAILED"), stdout);
    assertTrue(
        stdout.contains(
            "garbage.csv: 4 of 5 rows are malformed (80%), over max-malformed-fraction 0.5"),
        stdout);
    assertTrue(
        !io.delta.tables.DeltaTable.isDeltaTable(
                spark, warehouse.resolve("bronze/payments_csv").toString())
            || table(spark, "bronze.payments_csv").count() == 0,
        "nothing of the file was loaded");

    // A looser threshold loads it, once.
    assertEquals(
        0,
        ingest("2026-11-02", CSV_ONLY, "mljobs.sources.payments_csv.max-malformed-fraction=0.9"),
        err.toString() + out);
    assertEquals(List.of("g1=pos"), idKinds(spark));
    assertEquals(4, table(spark, "quarantine.payments_csv").count());
  }

  // ---- 12.7 (ingest half): the same data delivered twice under new names ---------------------

  @Test
  void aFileWithTheRowsOfALoadedOneIsReported(SparkSession spark) throws Exception {
    file("csv/day1.csv", CORRECTED);
    assertEquals(0, ingest("2026-11-01", CSV_ONLY), err.toString());
    // The same rows in another order, under a new name; and a file that differs in one value.
    String[] lines = CORRECTED.split("\n");
    file(
        "csv/day1_resent.csv",
        lines[0] + "\n" + lines[3] + "\n" + lines[1] + "\n" + lines[2] + "\n");
    file("csv/day2.csv", CORRECTED.replace("3.00", "3.01"));

    assertEquals(0, ingest("2026-11-02", CSV_ONLY), err.toString());
    String summary = out.toString();
    assertTrue(
        summary.contains(
            "WARNING payments_csv: 1 file(s) delivered the same rows again under a new name:"
                + " day1_resent.csv has the same rows as day1.csv (run ingest-files_2026-11-01)"),
        summary);
    assertFalse(summary.contains("day2.csv has the same rows"), summary);
    assertEquals(
        3L,
        table(spark, "ingest_log.payments_csv")
            .where("state = 'loaded' AND fingerprint IS NOT NULL")
            .count(),
        "the log keeps each file's fingerprint");
  }

  @Test
  void filesTheStreamingCheckpointOfAnEarlierVersionLoadedAreNotLoadedAgain(SparkSession spark)
      throws Exception {
    Path day1 = file("csv/day1.csv", CORRECTED);
    file("csv/day2.csv", HEADER + "b1,2026-11-02T10:00:00Z,2.00,pos\n");
    // What Structured Streaming's file source left after loading day1.csv in batch 0.
    Path checkpoint = warehouse.resolve("_checkpoints/ingest-files/payments_csv");
    Files.createDirectories(checkpoint.resolve("sources/0"));
    Files.createDirectories(checkpoint.resolve("commits"));
    Files.writeString(
        checkpoint.resolve("sources/0/0"),
        "v1\n{\"path\":\""
            + day1.toUri()
            + "\",\"timestamp\":"
            + Files.getLastModifiedTime(day1).toMillis()
            + ",\"batchId\":0}\n");
    Files.writeString(checkpoint.resolve("commits/0"), "v1\n{}\n");

    assertEquals(0, ingest("2026-11-03", CSV_ONLY), err.toString());
    assertTrue(out.toString().contains("1 new file(s), 1 row(s) loaded"), out.toString());
    assertEquals(0, ingest("2026-11-04", CSV_ONLY), err.toString());
    assertTrue(out.toString().contains("0 new file(s), 0 row(s) loaded"), out.toString());
    assertEquals(List.of("b1=pos"), idKinds(spark));
  }
}
