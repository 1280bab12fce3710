package io.mljobs.common.delta;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver-side commit reader against Delta's own {@code DESCRIBE HISTORY} of the same table: the
 * same versions, operations, metrics and user metadata, newest first.
 */
@ExtendWith(SharedSpark.class)
class CommitLogTest {
  @TempDir Path tmp;

  @Test
  void readsWhatDeltaHistoryReportsForAppendsOverwritesMergesAndMetadata(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    frame(spark, "id INT, v STRING", row(1, "a"), row(2, "b"))
        .write()
        .format("delta")
        .option("userMetadata", "{\"run_id\":\"r1\"}")
        .save(path);
    frame(spark, "id INT, v STRING", row(3, "c")).write().format("delta").mode("append").save(path);
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(frame(spark, "id INT, v STRING", row(3, "z"), row(4, "d")).as("s"), "t.id = s.id")
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
    frame(spark, "id INT, v STRING", row(9, "x"))
        .write()
        .format("delta")
        .mode("overwrite")
        .option("userMetadata", "{\"run_id\":\"r4\",\"write_id\":\"w#4\"}")
        .save(path);

    List<CommitLog.Commit> commits = CommitLog.of(spark, path).newestFirst(0, 50);
    List<Row> history =
        DeltaTable.forPath(spark, path)
            .history()
            .select("version", "operation", "operationMetrics", "userMetadata")
            .orderBy(functions.col("version").desc())
            .collectAsList();

    assertEquals(Optional.of(3L), CommitLog.of(spark, path).latestVersion());
    assertEquals(history.size(), commits.size());
    for (int i = 0; i < history.size(); i++) {
      Row expected = history.get(i);
      CommitLog.Commit actual = commits.get(i);
      assertEquals(expected.getLong(0), actual.version());
      assertEquals(expected.getString(1), actual.operation());
      Map<String, String> metrics = new TreeMap<>(expected.getJavaMap(2));
      assertEquals(metrics, new TreeMap<>(actual.operationMetrics()), "metrics of v" + i);
      assertEquals(expected.isNullAt(3) ? null : expected.getString(3), actual.userMetadata());
    }
    assertEquals("MERGE", commits.get(1).operation());
    assertEquals("1", commits.get(1).operationMetrics().get("numTargetRowsUpdated"));
  }

  @Test
  void aWindowOfCommitsStopsAtTheOldestAskedForAndAtTheLimit(SparkSession spark) {
    String path = tmp.resolve("w").toString();
    for (int i = 0; i < 5; i++) {
      frame(spark, "id INT", row(i)).write().format("delta").mode("append").save(path);
    }
    CommitLog log = CommitLog.of(spark, path);
    assertEquals(List.of(4L, 3L), versions(log.newestFirst(3, 50)));
    assertEquals(List.of(4L, 3L, 2L), versions(log.newestFirst(0, 3)));
    assertEquals(List.of(), versions(log.newestFirst(5, 50)), "nothing newer than the latest");
  }

  @Test
  void aFolderThatIsNoDeltaTableHasNoVersionAndNoCommits(SparkSession spark) throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    CommitLog log = CommitLog.of(spark, plain.toString());
    assertEquals(Optional.empty(), log.latestVersion());
    assertTrue(log.newestFirst(0, 10).isEmpty());
    assertEquals(
        Optional.empty(), CommitLog.of(spark, tmp.resolve("absent").toString()).latestVersion());
  }

  @Test
  void aCommitWhoseFileWasCleanedUpIsLeftOut(SparkSession spark) throws Exception {
    String path = tmp.resolve("c").toString();
    for (int i = 0; i < 3; i++) {
      frame(spark, "id INT", row(i)).write().format("delta").mode("append").save(path);
    }
    Files.delete(Path.of(path, "_delta_log", String.format("%020d.json", 0)));
    assertEquals(List.of(2L, 1L), versions(CommitLog.of(spark, path).newestFirst(0, 10)));
  }

  private static List<Long> versions(List<CommitLog.Commit> commits) {
    return commits.stream().map(CommitLog.Commit::version).toList();
  }
}
