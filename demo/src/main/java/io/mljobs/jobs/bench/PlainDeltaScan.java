package io.mljobs.jobs.bench;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Helpers of the quality benchmark (scripts/bench/quality.sh). Not a job; run it with spark-submit:
 *
 * <pre>
 * spark-submit --class io.mljobs.jobs.bench.PlainDeltaScan mljobs-jobs.jar count TABLE_PATH...
 * spark-submit --class io.mljobs.jobs.bench.PlainDeltaScan mljobs-jobs.jar scan TABLE_PATH...
 * spark-submit --class io.mljobs.jobs.bench.PlainDeltaScan mljobs-jobs.jar widen TABLE_PATH N
 * spark-submit --class io.mljobs.jobs.bench.PlainDeltaScan mljobs-jobs.jar latest TABLE_PATH...
 * </pre>
 *
 * {@code count} prints each Delta table's row count (Delta answers it from the log's statistics,
 * without reading the data). {@code scan} is the benchmarks' baseline: one full scan of each table,
 * every column of every row read and decoded (written to Spark's {@code noop} sink). {@code widen}
 * adds N generated columns ({@code x_<i>}: alternately a random double and a low-cardinality
 * string) to the table in place, so profiles and checks have more columns to work on. {@code
 * latest} is the empty-run baseline (scripts/bench/empty-run.sh): it reads each table's latest
 * snapshot (its version and file list, no rows) and exits.
 */
public final class PlainDeltaScan {
  private PlainDeltaScan() {}

  public static void main(String[] args) {
    if (args.length < 2 || !List.of("count", "scan", "widen", "latest").contains(args[0])) {
      System.err.println(
          "usage: PlainDeltaScan count TABLE_PATH... | scan TABLE_PATH... | widen TABLE_PATH N"
              + " | latest TABLE_PATH...");
      System.exit(2);
    }
    SparkSession spark = BenchSessions.create("plain-delta-" + args[0]);
    Dataset<Row> table = spark.read().format("delta").load(args[1]);
    if (args[0].equals("latest")) {
      for (int i = 1; i < args.length; i++) {
        long version =
            io.delta.tables.DeltaTable.forPath(spark, args[i]).history(1).first().getLong(0);
        int files =
            spark
                .read()
                .format("delta")
                .option("versionAsOf", version)
                .load(args[i])
                .inputFiles()
                .length;
        System.out.println(args[i] + ": version " + version + ", " + files + " files");
      }
    } else if (args[0].equals("scan")) {
      for (int i = 1; i < args.length; i++) {
        spark.read().format("delta").load(args[i]).write().format("noop").mode("overwrite").save();
        System.out.println(args[i] + ": scanned");
      }
    } else if (args[0].equals("count")) {
      for (int i = 1; i < args.length; i++) {
        System.out.println(args[i] + ": " + spark.read().format("delta").load(args[i]).count());
      }
    } else {
      int n = Integer.parseInt(args[2]);
      Dataset<Row> wide = table;
      for (int i = 1; i <= n; i++) {
        wide =
            wide.withColumn(
                "x_" + i,
                i % 2 == 1
                    ? rand(i).multiply(1000)
                    : concat(lit("v"), rand(i).multiply(20).cast("int").cast("string")));
      }
      wide.write()
          .format("delta")
          .mode("overwrite")
          .option("overwriteSchema", "true")
          .save(args[1] + ".wide");
      spark
          .read()
          .format("delta")
          .load(args[1] + ".wide")
          .write()
          .format("delta")
          .mode("overwrite")
          .option("overwriteSchema", "true")
          .save(args[1]);
      System.out.println("widened to " + wide.columns().length + " columns");
    }
    spark.stop();
  }
}
