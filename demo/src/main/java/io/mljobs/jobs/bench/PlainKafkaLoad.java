package io.mljobs.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The hand-written baseline of the Kafka drain benchmark (scripts/bench/kafka-drain.sh): what a
 * user would write without mljobs, a batch {@code spark.read.format("kafka")} of everything in the
 * topic, values parsed with {@code from_json} into the same declared types, appended to Delta with
 * the Kafka position columns; no quarantine, checkpoint, bookkeeping or manifest. Not a job; run it
 * with spark-submit:
 *
 * <pre>
 * spark-submit --class io.mljobs.jobs.bench.PlainKafkaLoad mljobs-jobs.jar \
 *     OUTPUT_PATH DDL_SCHEMA BOOTSTRAP TOPIC [MIN_PARTITIONS]
 * </pre>
 *
 * Prints {@code drain_ms=N}: the time of the read and write alone, Spark's start-up excluded.
 */
public final class PlainKafkaLoad {
  private PlainKafkaLoad() {}

  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println(
          "usage: PlainKafkaLoad OUTPUT_PATH DDL_SCHEMA BOOTSTRAP TOPIC [MIN_PARTITIONS]");
      System.exit(2);
    }
    SparkSession spark = BenchSessions.create("plain-kafka-load");
    long started = System.nanoTime();
    var reader =
        spark
            .read()
            .format("kafka")
            .option("kafka.bootstrap.servers", args[2])
            .option("subscribe", args[3])
            .option("startingOffsets", "earliest")
            .option("endingOffsets", "latest");
    if (args.length > 4) {
      reader = reader.option("minPartitions", args[4]);
    }
    reader
        .load()
        .select(
            from_json(
                    col("value").cast("string"),
                    StructType.fromDDL(args[1]),
                    Map.of("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssX"))
                .as("v"),
            col("topic").as("_kafka_topic"),
            col("partition").as("_kafka_partition"),
            col("offset").as("_kafka_offset"),
            col("timestamp").as("_kafka_timestamp"),
            col("key").cast("string").as("_kafka_key"))
        .select(
            "v.*",
            "_kafka_topic",
            "_kafka_partition",
            "_kafka_offset",
            "_kafka_timestamp",
            "_kafka_key")
        .write()
        .format("delta")
        .mode("append")
        .save(args[0] + "/table");
    System.out.println("drain_ms=" + (System.nanoTime() - started) / 1_000_000);
    spark.stop();
  }
}
