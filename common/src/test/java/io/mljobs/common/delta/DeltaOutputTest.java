package io.mljobs.common.delta;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.mljobs.common.testing.DataFrameAssertions;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class DeltaOutputTest {
  private static final String SCHEMA = "id INT, day STRING, amount DOUBLE";
  @TempDir Path tmp;

  private static long latestVersion(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).history(1).first().getLong(0);
  }

  @Test
  void appendReturnsTheCommittedVersionAndRecordsRunMetadata(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    Dataset<Row> rows = frame(spark, SCHEMA, row(1, "d1", 1.0), row(2, "d1", 2.0));

    DeltaWriteResult first =
        DeltaOutput.to(path).named("bronze.t").userMetadata(Map.of("run_id", "r1")).execute(rows);
    DeltaWriteResult second = DeltaOutput.to(path).named("bronze.t").execute(rows);

    assertEquals(0L, first.version());
    assertEquals(1L, second.version());
    assertEquals(2L, first.rows());
    assertFalse(first.skipped());
    String metadata =
        DeltaTable.forPath(spark, path)
            .history()
            .filter("version = 0")
            .first()
            .getAs("userMetadata");
    assertTrue(metadata.contains("\"run_id\":\"r1\""), metadata);
    assertEquals(4, spark.read().format("delta").load(path).count());
  }

  @Test
  void idempotentAppendRepeatedAddsNoVersionAndNoRows(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    Dataset<Row> rows = frame(spark, SCHEMA, row(1, "d1", 1.0), row(2, "d1", 2.0));
    DeltaOutput output = DeltaOutput.to(path).idempotent("job/run-1/t", 0);

    DeltaWriteResult first = output.execute(rows);
    DeltaWriteResult retry = output.execute(rows);

    assertFalse(first.skipped());
    assertTrue(retry.skipped());
    assertEquals(first.version(), retry.version(), "the retry reports the earlier commit");
    assertEquals(0L, latestVersion(spark, path));
    assertEquals(2, spark.read().format("delta").load(path).count());

    DeltaWriteResult nextWrite = DeltaOutput.to(path).idempotent("job/run-1/t", 1).execute(rows);
    assertFalse(nextWrite.skipped(), "a later write of the same run is not a retry");
    assertEquals(4, spark.read().format("delta").load(path).count());
  }

  @Test
  void replaceWhereSwapsOnePartitionOnly(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    DeltaOutput.to(path)
        .partitionBy("day")
        .execute(frame(spark, SCHEMA, row(1, "d1", 1.0), row(2, "d2", 2.0)));

    DeltaWriteResult result =
        DeltaOutput.to(path)
            .replaceWhere("day = 'd2'")
            .execute(frame(spark, SCHEMA, row(3, "d2", 3.0), row(4, "d2", 4.0)));

    assertEquals("replace-where", result.mode());
    DataFrameAssertions.assertSameRows(
        frame(spark, SCHEMA, row(1, "d1", 1.0), row(3, "d2", 3.0), row(4, "d2", 4.0)),
        spark.read().format("delta").load(path).select("id", "day", "amount"));
  }

  @Test
  void mergeUpsertsByKeyAndIsIdempotentPerRun(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    DeltaOutput.to(path)
        .mergeOn("id")
        .idempotent("load/run-1", 0)
        .execute(frame(spark, SCHEMA, row(1, "d1", 1.0), row(2, "d1", 2.0)));

    DeltaOutput secondRun = DeltaOutput.to(path).mergeOn("id").idempotent("load/run-2", 0);
    Dataset<Row> changes = frame(spark, SCHEMA, row(2, "d2", 20.0), row(3, "d2", 3.0));
    DeltaWriteResult merged = secondRun.execute(changes);
    long versionAfterMerge = latestVersion(spark, path);
    DeltaWriteResult retried = secondRun.execute(changes);

    assertEquals(2L, merged.rows(), "one updated + one inserted");
    assertTrue(retried.skipped());
    assertEquals(versionAfterMerge, latestVersion(spark, path), "no new version on retry");
    DataFrameAssertions.assertSameRows(
        frame(spark, SCHEMA, row(1, "d1", 1.0), row(2, "d2", 20.0), row(3, "d2", 3.0)),
        spark.read().format("delta").load(path));
  }
}
