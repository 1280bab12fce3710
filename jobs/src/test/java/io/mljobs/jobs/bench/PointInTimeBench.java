package io.mljobs.jobs.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;

import io.mljobs.common.table.TableRef;
import io.mljobs.jobs.trainingset.BuildTrainingSetJob;
import io.mljobs.jobs.trainingset.FeatureJoinSpec;
import io.mljobs.jobs.trainingset.PointInTimeJoin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark of build-training-set's point-in-time join against a plain equi-join of the same
 * tables, in one Spark session (scripts/bench/training-set.sh).
 *
 * <p>Data per scale s, generated here in CONTRACT.md's layout: a feature table of 35,000·s rows
 * (the demo's 5,000 POS rows a day for 7 days, 2026-11-01..07) for 2,000·s customers, partitioned
 * by feature_date, with the nine demo feature columns; label rows for every transaction of
 * 11-01..11-05 (about 25,000·s: the demo's late labels), label time = the transaction's event time.
 * Both Delta.
 *
 * <p>Measured, alternately, after one warm-up of each: <b>pit</b> = read both tables, the label
 * time range, the date-pruned feature read and {@link PointInTimeJoin} (TTL 7 days), all rows into
 * Spark's noop sink; <b>equi</b> = the same two tables read and left-joined on transaction_id (the
 * same row counts in and out), into the noop sink. Prints one JSON line per measurement.
 *
 * <p>Usage: {@code PointInTimeBench <folder> <repeat> <scale>...}
 */
public final class PointInTimeBench {
  private static final long START = 1793491200L; // 2026-11-01T00:00:00Z
  private static final List<String> FEATURES =
      List.of(
          "amount",
          "hour_of_day",
          "merchant_category",
          "txn_count_24h",
          "amount_avg_7d",
          "amount_max_24h",
          "merchant_distinct_7d",
          "secs_since_prev",
          "merchant_risk_tier");

  private PointInTimeBench() {}

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    int repeat = Integer.parseInt(args[1]);
    SparkSession spark = BenchSessions.create("point-in-time-bench");
    spark.sparkContext().setLogLevel("WARN");
    for (String s : Arrays.copyOfRange(args, 2, args.length)) {
      int scale = Integer.parseInt(s);
      String features = folder.resolve("x" + scale + "/features").toString();
      String labels = folder.resolve("x" + scale + "/labels").toString();
      if (!Files.exists(folder.resolve("x" + scale + "/.ready"))) {
        generate(spark, scale, features, labels);
        Files.writeString(folder.resolve("x" + scale + "/.ready"), "");
      }
      long featureRows = spark.read().format("delta").load(features).count();
      long labelRows = spark.read().format("delta").load(labels).count();
      // Warm-up, and the row counts (not timed): every label row comes out once from both.
      long pitOut = rowsOut(pit(spark, features, labels));
      long equiOut = rowsOut(equi(spark, features, labels));
      long rangeOut = rowsOut(range(spark, features, labels));
      // The two as-of joins must agree row for row (not timed).
      List<Column> compared = new ArrayList<>();
      compared.add(col("transaction_id"));
      FEATURES.forEach(f -> compared.add(col(f)));
      Column[] cols = compared.toArray(Column[]::new);
      long mismatches =
          pit(spark, features, labels)
              .select(cols)
              .exceptAll(range(spark, features, labels).select(cols))
              .count();
      System.out.printf(
          "{\"bench\":\"training-set-check\",\"scale\":%d,\"pit_vs_range_mismatches\":%d}%n",
          scale, mismatches);
      for (int i = 0; i < repeat; i++) {
        for (String kind : List.of("pit", "equi", "range")) {
          double load = loadAverage();
          long t0 = System.nanoTime();
          sink(
              kind.equals("pit")
                  ? pit(spark, features, labels)
                  : kind.equals("equi")
                      ? equi(spark, features, labels)
                      : range(spark, features, labels));
          long out = kind.equals("pit") ? pitOut : kind.equals("equi") ? equiOut : rangeOut;
          double seconds = (System.nanoTime() - t0) / 1e9;
          System.out.printf(
              "{\"bench\":\"training-set\",\"kind\":\"%s\",\"scale\":%d,\"repeat\":%d,"
                  + "\"label_rows\":%d,\"feature_rows\":%d,\"rows_out\":%d,\"seconds\":%.3f,"
                  + "\"load1_before\":%.2f,\"load1_after\":%.2f}%n",
              kind, scale, i, labelRows, featureRows, out, seconds, load, loadAverage());
        }
      }
    }
    spark.stop();
  }

  private static void generate(SparkSession spark, int scale, String features, String labels) {
    long rows = 35_000L * scale;
    long customers = 2_000L * scale;
    // Events spread evenly over the 7 days, with a little jitter; customers by a hash of the id.
    Column eventS =
        lit(START)
            .plus(col("id").multiply(7L * 86_400L).divide(rows).cast("long"))
            .plus(pmod(hash(col("id")), lit(17)));
    Dataset<Row> generated =
        spark
            .range(rows)
            .select(
                concat(lit("c"), pmod(hash(col("id"), lit(1)), lit(customers)).cast("string"))
                    .as("customer_id"),
                timestamp_seconds(eventS).as("event_ts"),
                timestamp_seconds(eventS.plus(3600)).as("created_ts"),
                concat(lit("t"), col("id").cast("string")).as("transaction_id"),
                round(rand(1).multiply(200), 2).as("amount"),
                element_at(
                        array(lit("grocery"), lit("fuel"), lit("travel"), lit("online")),
                        pmod(col("id"), lit(4)).plus(1).cast("int"))
                    .as("merchant_category"),
                pmod(col("id"), lit(9)).plus(1).as("txn_count_24h"),
                round(rand(2).multiply(150), 2).as("amount_avg_7d"),
                round(rand(3).multiply(300), 2).as("amount_max_24h"),
                pmod(col("id"), lit(5)).plus(1).as("merchant_distinct_7d"),
                round(rand(4).multiply(86_400), 0).as("secs_since_prev"),
                element_at(
                        array(lit("low"), lit("medium"), lit("high")),
                        pmod(col("id"), lit(3)).plus(1).cast("int"))
                    .as("merchant_risk_tier"));
    generated
        .withColumn("hour_of_day", hour(col("event_ts")))
        .withColumn("feature_date", to_date(col("event_ts")))
        .withColumn("definition_hash", lit("bench"))
        .write()
        .format("delta")
        .mode("overwrite")
        .partitionBy("feature_date")
        .save(features);
    spark
        .read()
        .format("delta")
        .load(features)
        .filter(col("feature_date").lt(lit("2026-11-06")))
        .select(
            col("transaction_id"),
            col("customer_id"),
            col("event_ts"),
            rand(5).lt(0.015).cast("int").as("is_fraud"))
        .write()
        .format("delta")
        .mode("overwrite")
        .save(labels);
  }

  /** The job's join: label range (an action), pruned feature read, as-of join. */
  private static Dataset<Row> pit(SparkSession spark, String features, String labels) {
    Dataset<Row> l = spark.read().format("delta").load(labels);
    Row range = l.agg(min(col("event_ts")), max(col("event_ts"))).first();
    FeatureJoinSpec spec =
        new FeatureJoinSpec(
            "customer_activity",
            TableRef.of("features.customer_activity"),
            List.of("customer_id"),
            "event_ts",
            Optional.empty(),
            Optional.of("feature_date"),
            Optional.of("definition_hash"),
            Duration.ofDays(7),
            FEATURES,
            List.of(),
            "bench");
    Dataset<Row> pruned =
        BuildTrainingSetJob.prune(
            spark.read().format("delta").load(features),
            spec,
            Optional.of((Timestamp) range.get(0)),
            Optional.of((Timestamp) range.get(1)));
    Dataset<Row> joined =
        PointInTimeJoin.join(l, "event_ts", pruned, spec, FEATURES, Optional.empty());
    return joined;
  }

  /** A plain left equi-join of the same tables on transaction_id. */
  private static Dataset<Row> equi(SparkSession spark, String features, String labels) {
    Dataset<Row> l = spark.read().format("delta").load(labels);
    List<Column> taken = new ArrayList<>();
    taken.add(col("transaction_id"));
    FEATURES.forEach(f -> taken.add(col(f)));
    Dataset<Row> f =
        spark.read().format("delta").load(features).select(taken.toArray(Column[]::new));
    return l.join(f, l.col("transaction_id").equalTo(f.col("transaction_id")), "left")
        .drop(f.col("transaction_id"));
  }

  /**
   * The alternative the issue names: a range join on (entity, date bucket), each label repeated for
   * the ttl + 1 dates its window touches, left-joined with the feature rows of those dates inside
   * [label time - ttl, label time], then reduced per label to the row with the greatest (event
   * time, features) by a max of the struct. Same pruning and label range as {@link #pit}.
   */
  private static Dataset<Row> range(SparkSession spark, String features, String labels) {
    Dataset<Row> l = spark.read().format("delta").load(labels);
    Row range = l.agg(min(col("event_ts")), max(col("event_ts"))).first();
    Timestamp first = (Timestamp) range.get(0);
    Timestamp last = (Timestamp) range.get(1);
    Timestamp from = Timestamp.from(first.toInstant().minus(Duration.ofDays(7)));
    List<Column> feat = new ArrayList<>();
    feat.add(col("event_ts").as("f_event_ts"));
    FEATURES.forEach(f -> feat.add(col(f)));
    Dataset<Row> f =
        spark
            .read()
            .format("delta")
            .load(features)
            .filter(
                col("feature_date")
                    .geq(to_date(lit(from)))
                    .and(col("feature_date").leq(to_date(lit(last))))
                    .and(col("event_ts").geq(lit(from)))
                    .and(col("event_ts").leq(lit(last))))
            .select(
                col("customer_id").as("f_customer_id"),
                col("feature_date").as("f_date"),
                col("event_ts").as("f_ts"),
                org.apache.spark.sql.functions.struct(feat.toArray(Column[]::new)).as("feat"));
    Dataset<Row> buckets =
        l.withColumn(
            "bucket",
            org.apache.spark.sql.functions.explode(
                org.apache.spark.sql.functions.sequence(
                    to_date(
                        col("event_ts")
                            .minus(org.apache.spark.sql.functions.expr("INTERVAL 7 DAYS"))),
                    to_date(col("event_ts")))));
    Dataset<Row> joined =
        buckets.join(
            f,
            col("customer_id")
                .equalTo(col("f_customer_id"))
                .and(col("bucket").equalTo(col("f_date")))
                .and(col("f_ts").leq(col("event_ts")))
                .and(
                    col("f_ts")
                        .geq(
                            col("event_ts")
                                .minus(org.apache.spark.sql.functions.expr("INTERVAL 7 DAYS")))),
            "left");
    return joined
        .groupBy(col("transaction_id"), col("customer_id"), col("event_ts"), col("is_fraud"))
        .agg(max(col("feat")).as("best"))
        .select(
            col("transaction_id"),
            col("customer_id"),
            col("event_ts"),
            col("is_fraud"),
            col("best.*"));
  }

  /** Every row, every column, through Spark's noop sink. */
  private static void sink(Dataset<Row> rows) {
    rows.write().format("noop").mode("overwrite").save();
  }

  private static long rowsOut(Dataset<Row> rows) {
    sink(rows);
    return rows.agg(count(lit(1))).first().getLong(0);
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
