package io.mljobs.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.delta.TableVersions;
import io.mljobs.common.delta.VersionSelector;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import io.mljobs.jobs.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code versions <table>} and the version selectors behind it, on a table with three commits. */
@ExtendWith(SharedSpark.class)
class VersionsCommandTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int versions(ConfigFixture conf, String... args) {
    out.reset();
    err.reset();
    String[] all = new String[args.length + 3];
    all[0] = "versions";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = conf.pipelineDir().toString();
    return Main.execute(
        JobRegistry.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        all);
  }

  private static void write(
      SparkSession spark, String path, String runId, String date, long... ids) {
    StructType schema = new StructType().add("id", DataTypes.LongType);
    List<Row> rows = java.util.Arrays.stream(ids).mapToObj(i -> RowFactory.create(i)).toList();
    DeltaOutput.to(path)
        .overwrite()
        .idempotent("test/" + runId, 0)
        .userMetadata(Map.of("run_id", runId, "job", "ingest-files", "run_date", date))
        .execute(spark.createDataFrame(rows, schema));
  }

  @Test
  void listsRunIdsAndResolvesSelectorsToVersionsThatTimeTravelReads(SparkSession spark) {
    Path warehouse = tmp.resolve("warehouse");
    ConfigFixture conf = ConfigFixture.create(tmp, warehouse);
    String path = warehouse.resolve("silver/scores").toString();
    write(spark, path, "run-a", "2026-11-05", 1, 2);
    write(spark, path, "run-b", "2026-11-06", 1, 2, 3);
    write(spark, path, "run-c", "2026-11-07", 4);

    assertEquals(0, versions(conf, "silver.scores"), err.toString());
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertTrue(lines.get(0).startsWith("silver.scores ("), lines.get(0));
    assertTrue(lines.get(1).contains("run_id"), lines.get(1));
    assertTrue(
        lines.get(2).matches("\\s+2 .*WRITE.*run-c\\s+ingest-files\\s+2026-11-07\\s+1"),
        lines.get(2));
    assertTrue(lines.get(4).matches("\\s+0 .*run-a .*2026-11-05\\s+2"), lines.get(4));

    assertEquals(0, versions(conf, "silver.scores", "--resolve", "run:run-b"));
    assertEquals("1", out.toString(StandardCharsets.UTF_8).trim());
    assertEquals(0, versions(conf, "silver.scores", "--resolve", "date:2026-11-06"));
    assertEquals("1", out.toString(StandardCharsets.UTF_8).trim());
    assertEquals(0, versions(conf, "silver.scores", "--resolve", "latest"));
    assertEquals("2", out.toString(StandardCharsets.UTF_8).trim());

    TableVersions tv = TableVersions.of(spark, path, "silver.scores");
    long v = tv.resolve(VersionSelector.parse("run:run-b", "k"), "x", LocalDate.now()).version();
    assertEquals(3, tv.read(v).count(), "time travel reads the rows run-b wrote");
    assertEquals(1, tv.read(tv.latest().version()).count());
    assertEquals(
        0L,
        tv.resolve(VersionSelector.currentRun(), "nobody", LocalDate.parse("2026-11-05")).version(),
        "run falls back to the version made for the run date");
  }

  @Test
  void unknownTablesAndVersionsFailWithWhatToDo(SparkSession spark) {
    Path warehouse = tmp.resolve("warehouse");
    ConfigFixture conf = ConfigFixture.create(tmp, warehouse);
    assertEquals(1, versions(conf, "silver.nothing"));
    assertTrue(err.toString().contains("Table silver.nothing does not exist"), err.toString());
    write(spark, warehouse.resolve("silver/scores").toString(), "run-a", "2026-11-05", 1);
    // A selector naming no version is a bad argument (exit 2), as is one that does not parse.
    assertEquals(2, versions(conf, "silver.scores", "--resolve", "7"));
    assertTrue(
        err.toString().contains("has no version 7 (versions in history: 0..0"), err.toString());
    assertEquals(2, versions(conf, "silver.scores", "--resolve", "run:check-quality_2026-11-06"));
    assertTrue(
        err.toString().contains("has no version committed by run 'check-quality_2026-11-06'"),
        err.toString());
    assertEquals(2, versions(conf, "silver.scores", "--resolve", "date:2026-11-04"));
    assertTrue(
        err.toString().contains("no version for a logical date on or before 2026-11-04"),
        err.toString());
    assertEquals(2, versions(conf, "silver.scores", "--resolve", "yesterday"));
    assertTrue(err.toString().contains("'--resolve' must be run, latest"), err.toString());
    assertEquals(2, versions(conf, "Silver-Scores"));
  }
}
