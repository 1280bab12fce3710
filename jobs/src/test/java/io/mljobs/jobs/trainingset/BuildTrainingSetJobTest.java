package io.mljobs.jobs.trainingset;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.OutputRecord;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * build-training-set through the job runner with the shipped demo config
 * (conf/pipelines/demo/training.conf, TTL overridden to 2 days) on small Delta tables laid out as
 * CONTRACT.md says. Hand-computed expectations, one label per case:
 *
 * <pre>
 *   label  customer  transaction time   feature rows of the customer (event_ts)   expected
 *   t1     c1        11-01 10:00        11-01 10:00 (its own row), 11-03 12:00     amount 10, matched
 *   t2     c1        11-03 12:00        same                                      amount 30, matched
 *   t3     c2        11-02 09:00        11-02 09:00, 11-04 23:00                  amount 20, matched
 *   t4     c9        11-02 09:30        none                                      nulls, no_history
 *   t5     c1        11-20 10:00        (feature table covers 11-01..11-04)       nulls, outside_range
 *   t6     c3        11-04 12:00        11-01 08:00 (3 days 4 h before)           nulls, too_old
 *   t99    -         not in silver      -                                         left out
 * </pre>
 */
@ExtendWith(SharedSpark.class)
class BuildTrainingSetJobTest {
  static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 7);
  static final String SET = "mljobs.training-sets.fraud";

  /** The training set's section as messages name it (a named section's key is quoted). */
  static final String KEY = "mljobs.training-sets.\"fraud\"";

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private SparkSession spark;

  static Timestamp ts(String value) {
    return Timestamp.valueOf("2026-" + value + ":00");
  }

  @BeforeEach
  void tables(SparkSession session) {
    spark = session;
    write(
        "silver.pos_transactions",
        frame(
            spark,
            "transaction_id STRING, customer_id STRING, event_ts TIMESTAMP, amount DOUBLE",
            row("t1", "c1", ts("11-01 10:00"), 10.0),
            row("t2", "c1", ts("11-03 12:00"), 30.0),
            row("t3", "c2", ts("11-02 09:00"), 20.0),
            row("t4", "c9", ts("11-02 09:30"), 7.0),
            row("t5", "c1", ts("11-20 10:00"), 8.0),
            row("t6", "c3", ts("11-04 12:00"), 9.0),
            row("t7", "c3", ts("11-01 08:00"), 5.0),
            row("t8", "c2", ts("11-04 23:00"), 99.0)),
        null);
    writeLabels(
        row("t1", 0, ts("11-05 10:00"), null),
        row("t2", 1, ts("11-06 10:00"), "stolen"),
        row("t3", 0, ts("11-06 10:00"), null),
        row("t4", 0, ts("11-06 10:00"), null),
        row("t5", 1, ts("11-21 10:00"), "stolen"),
        row("t6", 0, ts("11-06 10:00"), null),
        row("t99", 1, ts("11-06 10:00"), null));
    writeFeatures(
        "h1",
        feature("c1", "11-01 10:00", "t1", 10.0),
        feature("c1", "11-03 12:00", "t2", 30.0),
        feature("c2", "11-02 09:00", "t3", 20.0),
        feature("c3", "11-01 08:00", "t7", 5.0),
        feature("c2", "11-04 23:00", "t8", 99.0));
  }

  static Object[] feature(String customer, String time, String txn, double amount) {
    return new Object[] {customer, ts(time), txn, amount};
  }

  void writeLabels(Row... rows) {
    write(
        "bronze.fraud_labels",
        frame(
            spark,
            "transaction_id STRING, is_fraud INT, label_ts TIMESTAMP, reason_code STRING",
            rows),
        null);
  }

  /** Feature rows in the contract's layout, created at build time, all with {@code hash}. */
  void writeFeatures(String hash, Object[]... rows) {
    List<Row> list =
        Stream.of(rows)
            .map(
                r ->
                    row(
                        r[0],
                        r[1],
                        Timestamp.valueOf("2026-12-05 00:00:00"),
                        ((Timestamp) r[1]).toLocalDateTime().toLocalDate(),
                        hash,
                        r[2],
                        r[3],
                        1L))
            .toList();
    write(
        "features.customer_activity",
        frame(
            spark,
            org.apache.spark.sql.types.StructType.fromDDL(
                "customer_id STRING, event_ts TIMESTAMP, created_ts TIMESTAMP, feature_date DATE,"
                    + " definition_hash STRING, transaction_id STRING, amount DOUBLE,"
                    + " txn_count_24h BIGINT"),
            list),
        "feature_date");
  }

  void write(String table, Dataset<Row> rows, String partition) {
    var writer = rows.write().format("delta").mode("overwrite");
    if (partition != null) {
      writer = writer.partitionBy(partition);
    }
    writer.save(path(table));
  }

  String path(String table) {
    return tmp.resolve("warehouse").resolve(table.replace('.', '/')).toString();
  }

  int run(String runId, String... sets) throws IOException {
    out.reset();
    err.reset();
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    Path dir = Files.createDirectories(tmp.resolve("pipeline"));
    Files.writeString(
        dir.resolve("pipeline.conf"),
        "include file(\""
            + root.resolve("conf/pipelines/demo/training.conf")
            + "\")\nmljobs.pipeline = trainset-test\n");
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("mljobs.warehouse", tmp.resolve("warehouse").toString());
    overrides.put(SET + ".feature-sets.customer_activity.ttl", "2d");
    for (String set : sets) {
      overrides.put(set.substring(0, set.indexOf('=')), set.substring(set.indexOf('=') + 1));
    }
    return new JobRunner(
            JobRegistry.of(new BuildTrainingSetJob()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(
            new JobInvocation(
                "build-training-set",
                new ConfigRequest(dir, "local", root.resolve("conf"), overrides),
                RUN_DATE,
                runId,
                false));
  }

  RunManifest manifest() throws IOException {
    String line =
        out.toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("Run manifest: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no manifest line in " + out + err));
    return ManifestJson.read(Files.readString(Path.of(line.split("Run manifest: ")[1])));
  }

  String logs() {
    return out.toString(StandardCharsets.UTF_8) + "\n" + err.toString(StandardCharsets.UTF_8);
  }

  List<String> training() {
    return spark
        .read()
        .format("delta")
        .load(path("training.fraud"))
        .orderBy("transaction_id")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  static final List<String> EXPECTED =
      List.of(
          "[t1,c1,2026-11-01 10:00:00.0,0,10.0,1]",
          "[t2,c1,2026-11-03 12:00:00.0,1,30.0,1]",
          "[t3,c2,2026-11-02 09:00:00.0,0,20.0,1]",
          "[t4,c9,2026-11-02 09:30:00.0,0,null,null]",
          "[t5,c1,2026-11-20 10:00:00.0,1,null,null]",
          "[t6,c3,2026-11-04 12:00:00.0,0,null,null]");

  @Test
  void theSnapshotHasTheHandComputedRowsAndTheManifestNamesVersionsHashesAndCounts()
      throws IOException {
    assertEquals(0, run("ts-1"), logs());
    assertEquals(
        List.of("transaction_id", "customer_id", "event_ts", "is_fraud", "amount", "txn_count_24h"),
        List.of(spark.read().format("delta").load(path("training.fraud")).columns()));
    assertEquals(EXPECTED, training());

    RunManifest manifest = manifest();
    Map<String, Long> inputs = new LinkedHashMap<>();
    for (InputRecord input : manifest.inputs()) {
      inputs.put(input.name(), input.version());
    }
    assertEquals(
        Map.of(
            "bronze.fraud_labels", 0L,
            "silver.pos_transactions", 0L,
            "features.customer_activity", 0L),
        inputs);
    OutputRecord output = manifest.outputs().get(0);
    assertEquals("training.fraud", output.name());
    assertEquals(0L, output.version());
    Map<String, Object> metrics = manifest.metrics();
    String fs = "training.fraud.customer_activity.";
    assertEquals("h1", metrics.get(fs + "definition_hash"));
    assertEquals(3L, ((Number) metrics.get(fs + "matched")).longValue());
    assertEquals(1L, ((Number) metrics.get(fs + "too_old")).longValue());
    assertEquals(1L, ((Number) metrics.get(fs + "no_history")).longValue());
    assertEquals(1L, ((Number) metrics.get(fs + "outside_range")).longValue());
    assertEquals(6L, ((Number) metrics.get("training.fraud.rows")).longValue());
    assertTrue(manifest.summary().contains("training.fraud version 0: 6 label row(s)"), logs());
  }

  @Test
  void reRunningGivesTheSameContentAndNoDuplicates() throws IOException {
    assertEquals(0, run("ts-1"), logs());
    // The same run again commits nothing; a new run replaces the snapshot with the same rows.
    assertEquals(0, run("ts-1"), logs());
    assertEquals(0L, manifest().outputs().get(0).version());
    assertEquals(EXPECTED, training());
    assertEquals(0, run("ts-2"), logs());
    assertEquals(EXPECTED, training());
    assertEquals(1L, manifest().outputs().get(0).version());
  }

  @Test
  void duplicateLabelRowsFailWithExit3AndTheirCountUnlessKeepLatest() throws IOException {
    writeLabels(
        row("t1", 0, ts("11-05 10:00"), null),
        row("t1", 1, ts("11-07 10:00"), "chargeback"),
        row("t1", 0, ts("11-06 10:00"), null),
        row("t2", 1, ts("11-06 10:00"), "stolen"));
    assertEquals(3, run("dup-1"), logs());
    assertTrue(
        logs()
            .contains(
                "Label table bronze.fraud_labels (enriched with silver.pos_transactions) has 2"
                    + " duplicate label row(s) (1 key(s) seen more than once) on [transaction_id];"
                    + " nothing written to training.fraud. Deduplicate the labels, or set "
                    + KEY
                    + ".labels.duplicates = keep-latest with "
                    + KEY
                    + ".labels.order-by."),
        logs());
    assertFalse(Files.exists(Path.of(path("training.fraud"))), "nothing written");

    assertEquals(0, run("dup-2", SET + ".labels.duplicates=keep-latest"), logs());
    // The latest label (11-07, chargeback) wins.
    assertEquals(
        List.of("[t1,c1,2026-11-01 10:00:00.0,1,10.0,1]", "[t2,c1,2026-11-03 12:00:00.0,1,30.0,1]"),
        training());
  }

  @Test
  void aLabelTableWithoutTheTimeColumnNamesTheKey() throws IOException {
    assertEquals(2, run("no-time", SET + ".labels.time-column=label_time"), logs());
    assertTrue(
        logs()
            .contains(
                "Label table bronze.fraud_labels (enriched with silver.pos_transactions) has no"
                    + " column 'label_time', named by config key '"
                    + KEY
                    + ".labels.time-column'. Its columns are [transaction_id, is_fraud, label_ts,"
                    + " reason_code, customer_id, event_ts]"),
        logs());
  }

  @Test
  void configErrorsAreExit2NamingTheKey() throws IOException {
    assertEquals(2, run("bad-ttl", SET + ".feature-sets.customer_activity.ttl=0s"), logs());
    assertTrue(
        logs()
            .contains(
                "Config key '"
                    + KEY
                    + ".feature-sets.\"customer_activity\".ttl' must be a positive duration"),
        logs());
    assertEquals(2, run("bad-policy", SET + ".labels.duplicates=keep-any"), logs());
    assertTrue(logs().contains(KEY + ".labels.duplicates"), logs());
    assertTrue(logs().contains("keep-latest"), logs());
    assertEquals(2, run("typo", SET + ".labels.time-colum=event_ts"), logs());
    assertTrue(logs().contains("Unknown config key '" + KEY + ".labels.time-colum'"), logs());
  }

  @Test
  void mixedDefinitionHashesFailAndSayToBackfill() throws IOException {
    write(
        "features.customer_activity",
        spark
            .read()
            .format("delta")
            .load(path("features.customer_activity"))
            .withColumn(
                "definition_hash",
                org.apache.spark.sql.functions.expr(
                    "CASE WHEN customer_id = 'c2' THEN 'h2' ELSE definition_hash END"))
            .localCheckpoint(),
        "feature_date");
    assertEquals(1, run("mixed"), logs());
    assertTrue(
        logs()
            .contains("Feature table features.customer_activity mixes definition hashes [h1, h2]"),
        logs());
    assertTrue(logs().contains("Backfill the feature set over that range"), logs());
  }

  @Test
  void onlyTheDatePartitionsTheLabelsCanReachAreRead() throws IOException {
    // Two more partitions, far before (09-01) and after (12-01) every label; then their data files
    // are deleted behind Delta's back: reading either would fail with a missing file.
    writeFeatures(
        "h1",
        feature("c1", "11-01 10:00", "t1", 10.0),
        feature("c1", "11-03 12:00", "t2", 30.0),
        feature("c2", "11-02 09:00", "t3", 20.0),
        feature("c3", "11-01 08:00", "t7", 5.0),
        feature("c2", "11-04 23:00", "t8", 99.0),
        feature("c1", "09-01 10:00", "t0", 1.0),
        feature("c1", "12-01 10:00", "t9", 2.0));
    for (String day : List.of("2026-09-01", "2026-12-01")) {
      Path partition = Path.of(path("features.customer_activity"), "feature_date=" + day);
      try (Stream<Path> files = Files.list(partition)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
    }
    // Labels t1..t6 reach back to 11-01 - 2d = 10-30 and up to 11-20.
    assertEquals(0, run("pruned"), logs());
    // The coverage now runs to 12-01: t5 (11-20) is inside it and gets c1's latest row, too old.
    List<String> rows = training();
    assertEquals(EXPECTED.subList(0, 4), rows.subList(0, 4));
    assertEquals("[t5,c1,2026-11-20 10:00:00.0,1,null,null]", rows.get(4));
    Map<String, Object> metrics = manifest().metrics();
    assertEquals(
        2L, ((Number) metrics.get("training.fraud.customer_activity.too_old")).longValue());
    assertEquals(
        0L, ((Number) metrics.get("training.fraud.customer_activity.outside_range")).longValue());
  }
}
