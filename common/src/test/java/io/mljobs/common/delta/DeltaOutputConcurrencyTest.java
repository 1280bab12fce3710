package io.mljobs.common.delta;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.delta.tables.DeltaTable;
import io.mljobs.common.error.Failures;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Delta writers on one table (threads of one SparkSession): the loser of a commit race
 * retries and both land, or, when it keeps losing, fails with one line naming the other run.
 *
 * <p>Besides a plain race, the tests interleave deterministically: the rows being written pass
 * through a UDF that, while this write is in flight (its snapshot taken, its commit not yet made),
 * has another thread commit to the same table, exactly as a second run would.
 */
@ExtendWith(SharedSpark.class)
class DeltaOutputConcurrencyTest {
  private static final String SCHEMA = "id INT, day STRING";
  // Static: the UDF runs inside Spark tasks (serialized closures), which see these by class.
  private static final AtomicInteger INTERFERENCES_LEFT = new AtomicInteger();
  private static volatile Runnable interference = () -> {};
  private static final ExecutorService OTHER_RUN = Executors.newSingleThreadExecutor();

  @TempDir Path tmp;

  @AfterEach
  void reset() {
    INTERFERENCES_LEFT.set(0);
    interference = () -> {};
  }

  /** {@code id}, passed through a UDF that first lets another run commit (while any are left). */
  private static Dataset<Row> rowsWhileAnotherRunCommits(SparkSession spark, String day) {
    UserDefinedFunction meanwhile =
        functions
            .udf(
                (UDF1<Integer, Integer>)
                    id -> {
                      if (INTERFERENCES_LEFT.getAndDecrement() > 0) {
                        OTHER_RUN.submit(interference).get(2, TimeUnit.MINUTES);
                      }
                      return id;
                    },
                DataTypes.IntegerType)
            .asNondeterministic();
    return frame(spark, SCHEMA, row(1, day))
        .coalesce(1)
        .withColumn("id", meanwhile.apply(functions.col("id")));
  }

  private static Runnable otherRunAppends(SparkSession spark, String path, String day) {
    AtomicInteger n = new AtomicInteger(100);
    return () ->
        DeltaOutput.to(path)
            .named("bronze.t")
            .userMetadata(Map.of("run_id", "run-B", "job", "other-job", "attempt_id", "attempt-B1"))
            .execute(frame(spark, SCHEMA, row(n.incrementAndGet(), day)));
  }

  @Test
  void twoRunsCreatingTheSameNewTableBothCommit(SparkSession spark) throws Exception {
    {
      String path = tmp.resolve("new").toString();
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<DeltaWriteResult>> writes =
            List.of("run-1", "run-2").stream()
                .map(
                    run ->
                        pool.submit(
                            () -> {
                              Dataset<Row> rows =
                                  frame(spark, SCHEMA, row(run.hashCode(), "d1"), row(2, "d1"));
                              start.await();
                              return DeltaOutput.to(path)
                                  .named("bronze.t")
                                  .idempotent("mljobs/ingest/" + run + "/bronze.t", 0)
                                  .userMetadata(Map.of("run_id", run))
                                  .execute(rows);
                            }))
                .toList();
        for (Future<DeltaWriteResult> write : writes) {
          assertFalse(write.get(3, TimeUnit.MINUTES).skipped());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(4, spark.read().format("delta").load(path).count(), "both runs' rows");
      assertEquals(1L, DeltaTable.forPath(spark, path).history(1).first().getLong(0));
    }
  }

  @Test
  void aWriteThatLosesTheRaceToCreateTheTableIsRetriedAndCommits(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    INTERFERENCES_LEFT.set(1);
    interference = otherRunAppends(spark, path, "d1"); // creates the table meanwhile

    DeltaWriteResult ours =
        DeltaOutput.to(path)
            .named("bronze.t")
            .idempotent("mljobs/ingest/run-A/bronze.t", 0)
            .execute(rowsWhileAnotherRunCommits(spark, "d1"));

    assertEquals(1L, ours.version(), "committed after the other run's version 0");
    assertEquals(2, spark.read().format("delta").load(path).count());
  }

  @Test
  void replacingAPartitionAnotherRunAppendsToIsRetriedAndCommits(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(1, "d1"), row(2, "d2")));
    INTERFERENCES_LEFT.set(1);
    interference = otherRunAppends(spark, path, "d1");

    DeltaWriteResult ours =
        DeltaOutput.to(path)
            .named("bronze.t")
            .replaceWhere("day = 'd1'")
            .execute(rowsWhileAnotherRunCommits(spark, "d1"));

    assertEquals(2L, ours.version(), "the other run's append is version 1; ours, retried, 2");
    assertEquals(
        List.of("1 d1", "2 d2"),
        spark.read().format("delta").load(path).orderBy("day").collectAsList().stream()
            .map(r -> r.getInt(0) + " " + r.getString(1))
            .toList(),
        "the retried replace saw the other run's row and replaced it");
  }

  @Test
  void aWriteThatKeepsLosingSaysWhichRunHoldsTheTableAndThatARetryIsSafe(SparkSession spark) {
    String path = tmp.resolve("t").toString();
    DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(1, "d1")));
    INTERFERENCES_LEFT.set(3);
    interference = otherRunAppends(spark, path, "d1");

    ConcurrentWriteFailure failure =
        assertThrows(
            ConcurrentWriteFailure.class,
            () ->
                DeltaOutput.to(path)
                    .named("silver.t")
                    .replaceWhere("day = 'd1'")
                    .conflictTries(3)
                    .execute(rowsWhileAnotherRunCommits(spark, "d1")));

    assertEquals(
        "Table silver.t is being written by run 'run-B' (job other-job, attempt attempt-B1) at"
            + " the same time: 3 tries of this write conflicted with its commits. Nothing of this"
            + " write was committed; re-run when the other run has finished (safe: the same run id"
            + " writes nothing twice).",
        failure.getMessage());
    assertEquals(failure.getMessage(), Failures.rootMessage(new RuntimeException(failure)));
    assertEquals(4, spark.read().format("delta").load(path).count(), "1 + the other run's 3");
    assertEquals(
        3L,
        DeltaTable.forPath(spark, path).history(1).first().getLong(0),
        "versions: ours 0, the other run's 1-3; no replace was committed");
  }

  @Test
  void mergesRacingOnOneSessionLeaveNoTransactionIdBehind(SparkSession spark) throws Exception {
    // A MERGE takes its transaction id from session settings, shared by every thread. Two runs
    // merging at once once restored each other's settings, leaving a transaction id in the
    // session that made later plain writes be skipped as duplicates.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
      for (String table : List.of("a", "b")) {
        String path = tmp.resolve(table).toString();
        DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(0, "d0")));
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 1; i <= 8; i++) {
                    DeltaOutput.to(path)
                        .named("t." + table)
                        .idempotent("race/" + table, i)
                        .mergeOn("id")
                        .execute(frame(spark, SCHEMA, row(i, "d" + i)));
                  }
                }));
      }
      for (var run : runs) {
        run.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertNull(spark.conf().get("spark.databricks.delta.write.txnAppId", null));
    assertNull(spark.conf().get("spark.databricks.delta.write.txnVersion", null));
    String path = tmp.resolve("after").toString();
    DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(1, "d1")));
    DeltaOutput.to(path).execute(frame(spark, SCHEMA, row(2, "d2")));
    assertEquals(2L, spark.read().format("delta").load(path).count(), "no write skipped");
  }
}
