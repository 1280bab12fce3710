package io.mljobs.jobs.maintain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.job.JobInvocation;
import io.mljobs.common.job.JobRegistry;
import io.mljobs.common.job.JobRunner;
import io.mljobs.common.testing.ConfigFixture;
import io.mljobs.common.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class MaintainTablesJobTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int maintain(ConfigFixture conf, String... overrides) {
    err.reset();
    return new JobRunner(
            JobRegistry.of(new MaintainTablesJob()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(
            new JobInvocation(
                "maintain-tables",
                conf.request("local", overrides),
                LocalDate.of(2026, 11, 7),
                "maintain-1",
                false));
  }

  @Test
  void appliesPropertiesCompactsAndVacuumsKeepingTimeTravel(SparkSession spark) {
    Path warehouse = tmp.resolve("warehouse");
    ConfigFixture conf = ConfigFixture.create(tmp, warehouse);
    conf.pipeline(
        "mljobs.delta.tables { \"silver.scores\" { change-data-feed = true, log-retention = 60d } }\n"
            + "mljobs.jobs.maintain-tables.tables = [\"silver.scores\"]\n");
    String path = warehouse.resolve("silver/scores").toString();
    StructType schema = new StructType().add("id", DataTypes.LongType);
    for (long i = 0; i < 3; i++) {
      List<Row> rows = List.of(RowFactory.create(i));
      DeltaOutput.to(path).append().execute(spark.createDataFrame(rows, schema));
    }
    assertEquals(0, maintain(conf), err.toString());

    Map<String, String> properties =
        DeltaTable.forPath(spark, path).detail().select("properties").first().getJavaMap(0);
    assertEquals("true", properties.get("delta.enableChangeDataFeed"));
    assertEquals("interval 1440 hours", properties.get("delta.logRetentionDuration"));
    assertEquals("interval 168 hours", properties.get("delta.deletedFileRetentionDuration"));
    List<Row> history =
        DeltaTable.forPath(spark, path)
            .history()
            .select("operation", "userMetadata")
            .collectAsList();
    assertTrue(
        history.stream()
            .anyMatch(
                r ->
                    r.getString(0).equals("OPTIMIZE")
                        && r.getString(1).contains("\"run_id\":\"maintain-1\"")),
        history.toString());
    assertEquals(1, DeltaTable.forPath(spark, path).toDF().inputFiles().length, "compacted");
    assertEquals(
        1,
        spark.read().format("delta").option("versionAsOf", 0).load(path).count(),
        "files within the retention stay: time travel still reads version 0");

    // Properties already in place: a second run (no OPTIMIZE, no VACUUM) commits nothing.
    long before = DeltaTable.forPath(spark, path).history(1).first().getLong(0);
    assertEquals(
        0,
        maintain(
            conf,
            "mljobs.jobs.maintain-tables.optimize=false",
            "mljobs.jobs.maintain-tables.vacuum=false"));
    assertEquals(before, DeltaTable.forPath(spark, path).history(1).first().getLong(0));
  }

  /**
   * VACUUM lists a partitioned table's folders in one Spark stage of
   * spark.sql.sources.parallelPartitionDiscovery.parallelism tasks: Spark's default (10,000) made
   * an idle maintenance run take 47 s more than a plain application on 2 cores.
   */
  @Test
  void vacuumListsFoldersWithTheApplicationsCoresUnlessTheSessionSaysOtherwise(SparkSession spark)
      throws Exception {
    Path warehouse = tmp.resolve("warehouse");
    ConfigFixture conf = ConfigFixture.create(tmp, warehouse);
    conf.pipeline(
        "mljobs.jobs.maintain-tables { tables = [\"silver.daily\"], optimize = false }\n");
    DeltaOutput.to(warehouse.resolve("silver/daily").toString())
        .append()
        .partitionBy("day")
        .execute(spark.range(30).selectExpr("id", "id % 3 AS day"));
    String key = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    assertTrue(!spark.conf().contains(key), "the test session leaves the listing at its default");

    List<Integer> stageTasks = stageTasksDuring(spark, () -> maintain(conf));
    assertTrue(stageTasks.stream().allMatch(n -> n <= 64), "no 10,000-task listing: " + stageTasks);
    assertTrue(!spark.conf().contains(key), "the session's setting is restored");

    spark.conf().set(key, "37");
    try {
      stageTasks = stageTasksDuring(spark, () -> maintain(conf));
      assertTrue(stageTasks.contains(37), "the session's own setting is kept: " + stageTasks);
      assertEquals("37", spark.conf().get(key));
    } finally {
      spark.conf().unset(key);
    }
  }

  /** The task count of every Spark stage submitted while {@code run} returns exit code 0. */
  private List<Integer> stageTasksDuring(SparkSession spark, java.util.function.IntSupplier run)
      throws InterruptedException {
    String marker = "maintain-tables-test-marker-" + System.nanoTime();
    List<Integer> tasks = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch markerSeen = new CountDownLatch(1);
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onStageSubmitted(SparkListenerStageSubmitted stage) {
            if (!marker.equals(stage.properties().getProperty("spark.job.description"))) {
              tasks.add(stage.stageInfo().numTasks());
            }
          }

          @Override
          public void onJobStart(SparkListenerJobStart job) {
            if (marker.equals(job.properties().getProperty("spark.job.description"))) {
              markerSeen.countDown();
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      assertEquals(0, run.getAsInt(), err.toString());
      // The listener bus delivers events in order but asynchronously: once the start of a marker
      // job after the run arrives, every stage of the run has arrived.
      spark.sparkContext().setJobDescription(marker);
      try {
        spark.range(1).collectAsList();
      } finally {
        spark.sparkContext().setJobDescription(null);
      }
      assertTrue(markerSeen.await(60, TimeUnit.SECONDS), "the listener bus delivered the run");
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertTrue(!tasks.isEmpty(), "VACUUM ran Spark stages");
    return List.copyOf(tasks);
  }

  @Test
  void refusesARetentionBelowTheSafetyMinimumUnlessOverridden(SparkSession spark) {
    Path warehouse = tmp.resolve("warehouse");
    ConfigFixture conf = ConfigFixture.create(tmp, warehouse);
    DeltaOutput.to(warehouse.resolve("silver/t").toString())
        .append()
        .execute(spark.range(3).toDF());
    String shortRetention = "mljobs.delta.defaults.deleted-file-retention=24h";
    assertEquals(2, maintain(conf, shortRetention));
    assertTrue(err.toString().contains("Refusing to VACUUM"), err.toString());
    assertTrue(err.toString().contains("below the safety minimum of 168h"), err.toString());
    assertEquals(2, maintain(conf, "mljobs.delta.min-retention=1h"));
    assertTrue(err.toString().contains("may not be below 168h"), err.toString());
    assertEquals(
        0,
        maintain(conf, shortRetention, "mljobs.delta.allow-short-retention=true"),
        err.toString());
  }
}
