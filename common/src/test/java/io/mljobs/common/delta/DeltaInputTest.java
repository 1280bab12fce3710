package io.mljobs.common.delta;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.RunIdentity;
import io.mljobs.common.job.RuntimeSettings;
import io.mljobs.common.manifest.InputRecord;
import io.mljobs.common.manifest.RunRecorder;
import io.mljobs.common.spark.SparkSettings;
import io.mljobs.common.table.TableRef;
import io.mljobs.common.table.Warehouse;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class DeltaInputTest {
  private static final String SCHEMA = "id INT, day STRING, amount DOUBLE";
  private static final LocalDate RUN_DATE = LocalDate.parse("2026-11-26");
  private static final TableRef TABLE = TableRef.parse("silver.payments", "table");

  @TempDir Path tmp;

  private RunRecorder recorder;

  private JobContext<Void> context(SparkSession spark) {
    recorder = new RunRecorder("attempt-1");
    RuntimeSettings runtime =
        new RuntimeSettings(
            "test",
            new Warehouse(tmp.resolve("warehouse").toString()),
            SparkSettings.localDefaults(),
            TableRef.parse("runs.manifests", "runs.table"),
            "_manifests",
            TablePolicies.defaultsOnly());
    return new JobContext<>(
        spark,
        null,
        new RunIdentity("check-quality", RUN_DATE, "run-1", "attempt-1", "test"),
        runtime,
        recorder);
  }

  private static List<Integer> ids(Dataset<Row> rows) {
    return rows.orderBy("id").select("id").as(org.apache.spark.sql.Encoders.INT()).collectAsList();
  }

  @Test
  void aPinnedVersionIsReadWhileANewerVersionExists(SparkSession spark) {
    JobContext<Void> context = context(spark);
    String path = context.pathOf(TABLE);
    DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(1, "d1", 1.0), row(2, "d1", 2.0)));
    DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(3, "d2", 3.0)));

    Dataset<Row> first = context.input(TABLE).asOf(VersionSelector.parse("0", "v")).read();

    assertEquals(List.of(1, 2), ids(first));
    assertEquals(List.of(1, 2, 3), ids(context.input(TABLE).latest().read()));
  }

  @Test
  void theLatestVersionIsResolvedOnceAndAnotherWritersCommitIsNotSeen(SparkSession spark) {
    JobContext<Void> context = context(spark);
    String path = context.pathOf(TABLE);
    DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(1, "d1", 1.0)));
    DeltaInput input = context.input(TABLE).latest();
    assertEquals(0L, input.version());

    // Another writer (not this run's context.output) commits version 1 meanwhile.
    DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(2, "d1", 2.0)));

    assertEquals(List.of(1), ids(input.read()), "the rows of the version resolved first");
    assertEquals(0L, context.input(TABLE).latest().version(), "one snapshot per run and table");
  }

  @Test
  void aCommitOfTheRunItselfIsSeenByItsNextRead(SparkSession spark) {
    JobContext<Void> context = context(spark);
    context.output(TABLE).execute(frame(spark, SCHEMA, row(1, "d1", 1.0)));
    assertEquals(0L, context.input(TABLE).version());

    context.output(TABLE).execute(frame(spark, SCHEMA, row(2, "d1", 2.0)));

    assertEquals(1L, context.input(TABLE).version());
    assertEquals(List.of(1, 2), ids(context.input(TABLE).read()));
  }

  @Test
  void partitionKeepsTheRowsOfOneDateAndBetweenARange(SparkSession spark) {
    JobContext<Void> context = context(spark);
    String path = context.pathOf(TABLE);
    DeltaOutput.to(path)
        .partitionBy("day")
        .execute(
            frame(
                spark,
                SCHEMA,
                row(1, "2026-11-24", 1.0),
                row(2, "2026-11-25", 2.0),
                row(3, "2026-11-26", 3.0),
                row(4, "2026-11-26", 4.0)));

    DeltaInput day = context.input(TABLE).partition("day", RUN_DATE);
    assertEquals(List.of(3, 4), ids(day.read()));
    assertEquals("silver.payments version 0 (day = 2026-11-26)", day.label());
    assertEquals(
        List.of(1, 2),
        ids(
            context
                .input(TABLE)
                .between("day", LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-25"))
                .read()));
  }

  @Test
  void partitionOnATimestampColumnComparesItsDate(SparkSession spark) {
    JobContext<Void> context = context(spark);
    frame(spark, "id INT, at STRING", row(1, "2026-11-25 23:59:59"), row(2, "2026-11-26 00:00:00"))
        .selectExpr("id", "CAST(at AS TIMESTAMP) AS at")
        .write()
        .format("delta")
        .save(context.pathOf(TABLE));

    assertEquals(List.of(2), ids(context.input(TABLE).partition("at", RUN_DATE).read()));
  }

  @Test
  void readRecordsTheInputOnceWithItsVersionAndSelection(SparkSession spark) {
    JobContext<Void> context = context(spark);
    String path = context.pathOf(TABLE);
    DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(1, "2026-11-26", 1.0)));
    DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(2, "2026-11-26", 2.0)));

    DeltaInput input =
        context.input(TABLE).latest().partition("day", RUN_DATE).detail("role", "checked");
    input.read();
    input.read();
    context.input(TABLE).latest().partition("day", RUN_DATE).detail("role", "checked").read();
    input.version();
    input.scan();

    assertEquals(
        List.of(
            new InputRecord(
                "silver.payments",
                "delta",
                path,
                1L,
                Map.of("role", "checked", "selector", "latest", "partition", "day = 2026-11-26"))),
        recorder.inputs());
  }

  @Test
  void aMissingTableFailsNamingTheTableAndWhatToRunFirst(SparkSession spark) {
    JobContext<Void> context = context(spark);

    DeltaInput input = context.input(TABLE).writtenBy("ingest-files");
    assertFalse(input.exists());
    JobFailure failure = assertThrows(JobFailure.class, input::read);

    assertEquals(
        "Table silver.payments does not exist at "
            + context.pathOf(TABLE)
            + ". Run the job that writes it first (ingest-files), or fix the table name.",
        failure.getMessage());
    assertTrue(recorder.inputs().isEmpty(), "nothing recorded for a table not read");
  }

  @Test
  void aVersionBeyondTheTablesHistoryNamesTheVersionsThatExist(SparkSession spark) {
    JobContext<Void> context = context(spark);
    DeltaOutput.to(context.pathOf(TABLE)).execute(frame(spark, SCHEMA, row(1, "d1", 1.0)));

    JobFailure failure =
        assertThrows(
            JobFailure.class,
            () -> context.input(TABLE).asOf(VersionSelector.parse("5", "v")).read());

    assertTrue(
        failure.getMessage().startsWith("Table silver.payments has no version 5 (versions in"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("0..0"), failure.getMessage());
  }

  @Test
  void currentRunSelectsTheVersionThisRunCommitted(SparkSession spark) {
    JobContext<Void> context = context(spark);
    context.output(TABLE).execute(frame(spark, SCHEMA, row(1, "d1", 1.0)));
    DeltaOutput.to(context.pathOf(TABLE))
        .userMetadata(Map.of("run_id", "someone-else"))
        .execute(frame(spark, SCHEMA, row(2, "d1", 2.0)));

    DeltaInput mine = context.input(TABLE).asOf(VersionSelector.currentRun());

    assertEquals(0L, mine.version());
    assertEquals(List.of(1), ids(mine.read()));
  }
}
