package io.mljobs.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import io.mljobs.common.delta.DeltaInput;
import io.mljobs.common.delta.VersionSelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Helpers of the publish benchmark (scripts/bench/publish.sh). Not a job; run it with spark-submit:
 *
 * <pre>
 * PublishBench source PATH ROWS VERSIONS        # a Delta table: ROWS rows, then VERSIONS-1 appends of 10%
 * PublishBench plain-jdbc PATH URL TABLE USER PASSWORD_FILE   # baseline: version 0 -> table, plain JDBC append
 * PublishBench time-travel PATH REPEAT          # scan of version 0 vs the latest, alternating, in one JVM
 * </pre>
 */
public final class PublishBench {
  private PublishBench() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = BenchSessions.create("publish-bench-" + args[0]);
    switch (args[0]) {
      case "source" -> source(spark, args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
      case "plain-jdbc" -> plainJdbc(spark, args[1], args[2], args[3], args[4], Path.of(args[5]));
      case "time-travel" -> timeTravel(spark, args[1], Integer.parseInt(args[2]));
      default -> {
        System.err.println("usage: PublishBench source|plain-jdbc|time-travel ...");
        System.exit(2);
      }
    }
    spark.stop();
  }

  static Dataset<Row> rows(SparkSession spark, long from, long count) {
    return spark
        .range(from, from + count)
        .select(
            col("id"),
            concat(lit("customer_"), col("id").mod(5000).cast("string")).as("customer"),
            col("id").mod(100000).divide(100).cast("decimal(12,2)").as("amount"),
            concat(lit("m"), col("id").mod(300).cast("string")).as("merchant"),
            date_add(to_date(lit("2026-11-01")), col("id").mod(7).cast("int")).as("day"),
            col("id").mod(13).equalTo(0).as("flag"));
  }

  static void source(SparkSession spark, String path, long rows, int versions) {
    Map<String, String> meta = Map.of("userMetadata", "{\"run_id\":\"bench\"}");
    rows(spark, 0, rows).write().format("delta").mode(SaveMode.Overwrite).options(meta).save(path);
    long step = Math.max(1, rows / 10);
    for (int v = 1; v < versions; v++) {
      rows(spark, rows + (v - 1) * step, step)
          .write()
          .format("delta")
          .mode(SaveMode.Append)
          .save(path);
    }
  }

  static void plainJdbc(
      SparkSession spark, String path, String url, String table, String user, Path passwordFile)
      throws Exception {
    Properties p = new Properties();
    p.put("user", user);
    p.put("password", Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
    p.put("driver", "net.snowflake.client.jdbc.SnowflakeDriver");
    p.put("batchsize", "1000");
    p.put("isolationLevel", "NONE");
    Dataset<Row> v0 =
        DeltaInput.of(spark, path, path).asOf(VersionSelector.parse("0", "version")).read();
    // The same exact-text decimals as the jdbc publish path (see JdbcStagingWriter).
    v0.withColumn("amount", col("amount").cast("string"))
        .write()
        .mode(SaveMode.Append)
        .jdbc(url, table, p);
  }

  static void timeTravel(SparkSession spark, String path, int repeat) {
    long latest = DeltaInput.of(spark, path, path).latest().version();
    List<Double> old = new ArrayList<>();
    List<Double> now = new ArrayList<>();
    scan(spark, path, 0); // warm-up: JIT, file listing caches
    for (int i = 0; i < repeat; i++) {
      boolean oldFirst = i % 2 == 0;
      if (oldFirst) {
        old.add(scan(spark, path, 0));
        now.add(scan(spark, path, latest));
      } else {
        now.add(scan(spark, path, latest));
        old.add(scan(spark, path, 0));
      }
    }
    System.out.printf(
        "time-travel version 0: median %.3f s; latest (version %d): median %.3f s%n",
        median(old), latest, median(now));
  }

  /** A full scan (a sum, so Delta cannot answer it from file statistics), in seconds. */
  static double scan(SparkSession spark, String path, long version) {
    DeltaInput pinned =
        DeltaInput.of(spark, path, path)
            .asOf(VersionSelector.parse(Long.toString(version), "version"));
    pinned.version(); // resolved before the clock starts: the scan alone is timed
    long start = System.nanoTime();
    pinned.read().agg(sum("amount"), sum(col("id"))).collectAsList();
    return (System.nanoTime() - start) / 1e9;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
