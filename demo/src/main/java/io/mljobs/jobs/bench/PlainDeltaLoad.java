package io.mljobs.jobs.bench;

import org.apache.spark.sql.SparkSession;

/**
 * The hand-written baseline of the file-ingest benchmark (scripts/bench/): what a user would write
 * without mljobs, {@code spark.read...write.format("delta")}, with the same declared types but no
 * quarantine, bookkeeping or manifest. Not a job; run it with spark-submit:
 *
 * <pre>
 * spark-submit --class io.mljobs.jobs.bench.PlainDeltaLoad mljobs-jobs.jar \
 *     OUTPUT_PATH DDL_SCHEMA FORMAT:FOLDER:GLOB [FORMAT:FOLDER:GLOB ...]
 * </pre>
 */
public final class PlainDeltaLoad {
  private PlainDeltaLoad() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: PlainDeltaLoad OUTPUT_PATH DDL_SCHEMA FORMAT:FOLDER:GLOB ...");
      System.exit(2);
    }
    SparkSession spark = BenchSessions.create("plain-delta-load");
    for (int i = 2; i < args.length; i++) {
      String[] source = args[i].split(":", 3);
      spark
          .read()
          .format(source[0])
          .option("header", "true")
          .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssX")
          .option("pathGlobFilter", source[2])
          .schema(args[1])
          .load(source[1])
          .write()
          .format("delta")
          .mode("append")
          .save(args[0] + "/table" + (i - 2));
    }
    spark.stop();
  }
}
