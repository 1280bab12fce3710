package io.mljobs.jobs.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigRequest;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * build-features through the job runner on real Delta tables: a re-run replaces exactly its date, a
 * backfill resumed after a crash skips the chunks already committed, a changed definition gets a
 * new hash and a table mixing hashes is an error that says to backfill, and bad feature definitions
 * exit 2 naming the key.
 */
@ExtendWith(SharedSpark.class)
class BuildFeaturesJobTest {
  static final LocalDate NOV_1 = LocalDate.of(2026, 11, 1);
  static final String KEY = "mljobs.feature-sets.\"activity\"";

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private String manifestPath;

  static String featureSet(String extraFeatures, String window) {
    return """
        mljobs {
          pipeline = features-test
          feature-sets.activity {
            source = "silver.events"
            source-date-column = event_date
            entity-keys = [customer_id]
            event-time = event_ts
            pass-through = [transaction_id]
            features = [
              { name = amount, expr = "cast(amount as double)" }
              %s
              { name = cnt, agg = count, window = %s, current-row = include }
              { name = avg_prev, agg = avg, column = amount, window = 2d, current-row = exclude }
            ]
          }
        }
        """
        .formatted(extraFeatures, window);
  }

  @BeforeEach
  void events() {
    writeEvents(events(1.0, true));
  }

  /** Three events a day per customer c1, c2 from 11-01 to 11-05; a negative one on 11-03. */
  private List<Row> events(double day1Factor, boolean poison) {
    List<Row> rows = new ArrayList<>();
    for (int d = 0; d < 5; d++) {
      LocalDate date = NOV_1.plusDays(d);
      for (String c : List.of("c1", "c2")) {
        for (int h : new int[] {8, 12, 20}) {
          double amount = (10 + d * 3 + h) * (d == 0 ? day1Factor : 1.0);
          rows.add(
              RowFactory.create(
                  "t-" + c + "-" + date + "-" + h,
                  c,
                  BigDecimal.valueOf(amount).setScale(2),
                  Timestamp.from(Instant.parse(date + "T" + String.format("%02d", h) + ":00:00Z")),
                  java.sql.Date.valueOf(date)));
        }
      }
    }
    if (poison) {
      rows.add(
          RowFactory.create(
              "t-bad",
              "c1",
              new BigDecimal("-1.00"),
              Timestamp.from(Instant.parse("2026-11-03T09:00:00Z")),
              java.sql.Date.valueOf("2026-11-03")));
    }
    return rows;
  }

  private void writeEvents(List<Row> rows) {
    SparkSession spark = SharedSpark.session();
    StructType schema =
        StructType.fromDDL(
            "transaction_id STRING, customer_id STRING, amount DECIMAL(12,2), event_ts TIMESTAMP,"
                + " event_date DATE");
    spark
        .createDataFrame(rows, schema)
        .write()
        .format("delta")
        .mode("overwrite")
        .partitionBy("event_date")
        .save(tmp.resolve("warehouse/silver/events").toString());
  }

  private int build(String conf, LocalDate runDate, String runId, Map<String, String> sets)
      throws Exception {
    out.reset();
    err.reset();
    Path root =
        Path.of(System.getProperty("mljobs.project.root", "..")).toAbsolutePath().normalize();
    Path dir = Files.createDirectories(tmp.resolve("pipeline"));
    Files.writeString(dir.resolve("pipeline.conf"), conf);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("mljobs.warehouse", tmp.resolve("warehouse").toString());
    overrides.putAll(sets);
    int code =
        new JobRunner(
                JobRegistry.of(new BuildFeaturesJob()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(
                new JobInvocation(
                    "build-features",
                    new ConfigRequest(dir, "local", root.resolve("conf"), overrides),
                    runDate,
                    runId,
                    false));
    manifestPath =
        out.toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("Run manifest: "))
            .findFirst()
            .map(l -> l.split("Run manifest: ")[1])
            .orElse(null);
    return code;
  }

  private RunManifest manifest() throws Exception {
    return ManifestJson.read(Files.readString(Path.of(manifestPath)));
  }

  private Dataset<Row> table() {
    return SharedSpark.session()
        .read()
        .format("delta")
        .load(tmp.resolve("warehouse/features/activity").toString());
  }

  /** The rows of a date as sorted text, without created_ts (the build's time). */
  private List<String> content(String date, boolean withCreated) {
    Dataset<Row> rows = table().where("feature_date = DATE'" + date + "'");
    if (!withCreated) {
      rows = rows.drop("created_ts");
    }
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private String log() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void reRunningADateReplacesExactlyThatDateWithTheSameContentAndNoDuplicates() throws Exception {
    writeEvents(events(1.0, false));
    String conf = featureSet("", "24h");
    assertEquals(0, build(conf, LocalDate.of(2026, 11, 2), "d2", Map.of()), log());
    RunManifest first = manifest();
    assertEquals(0, build(conf, LocalDate.of(2026, 11, 3), "d3", Map.of()), log());
    List<String> day2 = content("2026-11-02", false);
    List<String> day3 = content("2026-11-03", true);
    assertEquals(6, day2.size());
    assertEquals(0, build(conf, LocalDate.of(2026, 11, 2), "d2-again", Map.of()), log());
    assertEquals(day2, content("2026-11-02", false), "the same values again");
    assertEquals(day3, content("2026-11-03", true), "the other date untouched, created_ts too");
    assertEquals(12, table().count());
    assertEquals(12, table().select("transaction_id").distinct().count(), "no duplicates");
    // The manifest names the source version read (0: written in @BeforeEach, 1: here) and the
    // definition hash.
    assertTrue(
        first.inputs().stream()
            .anyMatch(i -> i.name().equals("silver.events") && i.version() == 1L),
        first.inputs().toString());
    assertEquals(
        FeatureSpecs.parse(
                conf.substring(
                    conf.indexOf("activity {") + 10,
                    conf.lastIndexOf("}", conf.lastIndexOf("}") - 1)))
            .definitionHash(),
        first.metrics().get("features.activity.definition_hash"));
    assertTrue(
        first.outputs().stream().anyMatch(o -> o.name().equals("features.activity")),
        first.outputs().toString());
    // 11-02 at 08:00 for c1: 24h window (11-01 08:00, 11-02 08:00] holds 11-01 12:00, 20:00 and
    // itself
    Row c1 = table().where("transaction_id = 't-c1-2026-11-02-8'").collectAsList().get(0);
    assertEquals(3L, (long) c1.getAs("cnt"));
  }

  @Test
  void aBackfillResumedAfterACrashSkipsTheChunksAlreadyCommitted() throws Exception {
    // A row-level check fails on the poisoned 11-03 row: the run dies in its second chunk.
    String conf =
        featureSet(
            "{ name = checked, expr = \"if(amount >= 0, amount, raise_error('negative amount'))\" }",
            "24h");
    Map<String, String> range =
        Map.of(
            "mljobs.jobs.build-features.from", "2026-11-01",
            "mljobs.jobs.build-features.to", "2026-11-05",
            "mljobs.jobs.build-features.chunk-days", "2");
    LocalDate runDate = LocalDate.of(2026, 11, 6);
    assertEquals(1, build(conf, runDate, "backfill", range), log());
    assertEquals(
        List.of("2026-11-01", "2026-11-02"),
        table().select("feature_date").distinct().orderBy("feature_date").collectAsList().stream()
            .map(r -> r.get(0).toString())
            .toList());
    List<String> committed = content("2026-11-01", true);
    // The data is repaired, and 11-01's amounts change too: a recomputed chunk would show it.
    writeEvents(events(10.0, false));
    assertEquals(0, build(conf, runDate, "backfill", range), log());
    RunManifest resumed = manifest();
    assertEquals(1, ((Number) resumed.metrics().get("features.chunks_skipped")).intValue());
    assertEquals(2, ((Number) resumed.metrics().get("features.chunks_built")).intValue());
    assertEquals(committed, content("2026-11-01", true), "chunk 1 was not recomputed");
    assertEquals(30, table().count());
    assertEquals(30, table().select("transaction_id").distinct().count());
    // Resumed once more: everything is committed, nothing is computed or written.
    assertEquals(0, build(conf, runDate, "backfill", range), log());
    assertEquals(3, ((Number) manifest().metrics().get("features.chunks_skipped")).intValue());
    assertEquals(30, table().count());
  }

  @Test
  void aChangedDefinitionGetsANewHashAndAMixOfHashesIsAnErrorThatSaysToBackfill() throws Exception {
    writeEvents(events(1.0, false));
    assertEquals(0, build(featureSet("", "24h"), LocalDate.of(2026, 11, 2), "a", Map.of()), log());
    String hashA = (String) manifest().metrics().get("features.activity.definition_hash");
    assertEquals(0, build(featureSet("", "12h"), LocalDate.of(2026, 11, 3), "b", Map.of()), log());
    String hashB = (String) manifest().metrics().get("features.activity.definition_hash");
    assertNotEquals(hashA, hashB);
    assertTrue(log().contains("WARNING: features.activity mixes 2 feature definitions"), log());
    JobFailure mixed =
        assertThrows(
            JobFailure.class,
            () -> FeatureTables.requireOneDefinition(table(), "features.activity"));
    assertTrue(
        mixed
            .getMessage()
            .startsWith(
                "features.activity mixes 2 feature definitions: "
                    + hashA
                    + " on 2026-11-02..2026-11-02 (6 rows), "
                    + hashB
                    + " on 2026-11-03..2026-11-03 (6 rows)."),
        mixed.getMessage());
    assertTrue(
        mixed
            .getMessage()
            .endsWith(
                "backfill it with the current definition: build-features --from 2026-11-02 --to"
                    + " 2026-11-03."),
        mixed.getMessage());
    // The backfill it asks for makes the table whole again.
    Map<String, String> range =
        Map.of(
            "mljobs.jobs.build-features.from", "2026-11-02",
            "mljobs.jobs.build-features.to", "2026-11-03");
    assertEquals(0, build(featureSet("", "12h"), LocalDate.of(2026, 11, 3), "fix", range), log());
    assertEquals(hashB, FeatureTables.requireOneDefinition(table(), "features.activity"));
  }

  @Test
  void aFeatureOnAMissingColumnExitsTwoNamingTheKeyAndTheColumns() throws Exception {
    String conf =
        featureSet(
            "{ name = top, agg = max, column = amount_eur, window = 1d, current-row = include }",
            "24h");
    assertEquals(2, build(conf, LocalDate.of(2026, 11, 2), "m", Map.of()), log());
    assertTrue(
        log()
            .contains(
                "Config key '"
                    + KEY
                    + ".features.1.column' reads column 'amount_eur', which silver.events (or a"
                    + " row-level feature) does not have. Columns: [transaction_id, customer_id, amount,"
                    + " event_ts, event_date]."),
        log());
    String badExpr = featureSet("{ name = h, expr = \"hour(event_time)\" }", "24h");
    assertEquals(2, build(badExpr, LocalDate.of(2026, 11, 2), "m2", Map.of()), log());
    assertTrue(
        log().contains("Config key '" + KEY + ".features.1.expr' reads column 'event_time'"),
        log());
  }

  @Test
  void anUnknownAggregationListsTheValidNames() throws Exception {
    String conf =
        featureSet(
            "{ name = med, agg = median, column = amount, window = 1d, current-row = include }",
            "24h");
    assertEquals(2, build(conf, LocalDate.of(2026, 11, 2), "u", Map.of()), log());
    assertTrue(
        log()
            .contains(
                "Config key '"
                    + KEY
                    + ".features.1.agg' names an unknown aggregation 'median'. Aggregations:"
                    + " count, sum, avg, min, max, stddev, distinct-count, last,"
                    + " time-since-previous."),
        log());
  }

  @Test
  void aWindowThatDoesNotParseNamesTheKey() throws Exception {
    assertEquals(2, build(featureSet("", "24hours"), LocalDate.of(2026, 11, 2), "w", Map.of()));
    assertTrue(
        log()
            .contains(
                "Config key '"
                    + KEY
                    + ".features.1.window' must be a window such as 1h, 24h, 7d or 30d (a whole"
                    + " number above 0 and s, m, h or d), but is '24hours'."),
        log());
    assertEquals(2, build(featureSet("", "0d"), LocalDate.of(2026, 11, 2), "w0", Map.of()));
    assertTrue(log().contains(".features.1.window' must be a window"), log());
  }

  @Test
  void theDefinitionHashFollowsTheDefinitionNotTheTable() {
    String base = featureSet("", "24h");
    String body =
        base.substring(
            base.indexOf("activity {") + 10, base.lastIndexOf("}", base.lastIndexOf("}") - 1));
    FeatureSetSpec a = FeatureSpecs.parse(body);
    assertEquals(a.definitionHash(), FeatureSpecs.parse(body).definitionHash());
    assertEquals(
        a.definitionHash(),
        FeatureSpecs.parse(body + "\ntable = \"features.other\"").definitionHash(),
        "where it is written does not change values");
    List<String> changed =
        List.of(
            body.replace("window = 24h", "window = 1d"),
            body.replace("current-row = exclude", "current-row = include"),
            body.replace("cast(amount as double)", "cast(amount as float)"),
            body.replace("silver.events", "silver.other_events"));
    assertEquals(
        a.definitionHash(),
        FeatureSpecs.parse(changed.get(0)).definitionHash(),
        "24h and 1d are the same window");
    List<String> hashes =
        changed.subList(1, changed.size()).stream()
            .map(b -> FeatureSpecs.parse(b).definitionHash())
            .collect(Collectors.toList());
    hashes.forEach(h -> assertNotEquals(a.definitionHash(), h));
    assertEquals(3, hashes.stream().distinct().count());
  }
}
