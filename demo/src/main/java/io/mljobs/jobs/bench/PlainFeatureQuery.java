package io.mljobs.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_micros;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * The baseline of the feature-build benchmark (scripts/bench/features.sh): the demo's
 * customer_activity features (conf/pipelines/demo/features.conf) written by hand as one Spark
 * window query, the way a user would without mljobs, into a Delta table partitioned by
 * feature_date. No config, no definition hash, no manifest, no column checks, no chunking; the
 * merchant lookup is a join with each merchant's latest row (what the demo's as-of lookup yields,
 * the merchants being onboarded before the payments). Run it with spark-submit:
 *
 * <pre>
 * spark-submit --class io.mljobs.jobs.bench.PlainFeatureQuery mljobs-jobs.jar \
 *     EVENTS_PATH MERCHANTS_PATH OUTPUT_PATH FROM TO
 * </pre>
 */
public final class PlainFeatureQuery {
  private PlainFeatureQuery() {}

  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println("usage: PlainFeatureQuery EVENTS MERCHANTS OUTPUT FROM TO");
      System.exit(2);
    }
    SparkSession spark = BenchSessions.create("plain-feature-query");
    String from = args[3];
    String to = args[4];
    Dataset<Row> events =
        spark
            .read()
            .format("delta")
            .load(args[0])
            .where(
                "event_date >= date_sub(DATE'" + from + "', 7) AND event_date <= DATE'" + to + "'")
            .withColumn("amount", col("amount").cast("double"))
            .withColumn("t", col("event_ts").cast("long"));
    WindowSpec byCustomer = Window.partitionBy("customer_id").orderBy("t");
    long day = 86_400;
    Dataset<Row> features =
        events
            .withColumn("txn_count_24h", count(lit(1)).over(byCustomer.rangeBetween(-(day - 1), 0)))
            .withColumn(
                "amount_avg_7d",
                functions.avg("amount").over(byCustomer.rangeBetween(-(7 * day - 1), -1)))
            .withColumn(
                "amount_max_24h", max("amount").over(byCustomer.rangeBetween(-(day - 1), -1)))
            .withColumn(
                "merchant_distinct_7d",
                size(collect_set("merchant_id").over(byCustomer.rangeBetween(-(7 * day - 1), 0)))
                    .cast("long"))
            .withColumn(
                "secs_since_prev",
                unix_micros(col("event_ts"))
                    .minus(
                        max(unix_micros(col("event_ts")))
                            .over(byCustomer.rangeBetween(-(7 * day - 1), -1)))
                    .divide(1e6))
            .withColumn("feature_date", to_date(col("event_ts")))
            .where("feature_date >= DATE'" + from + "' AND feature_date <= DATE'" + to + "'");
    Dataset<Row> merchants =
        spark
            .read()
            .format("delta")
            .load(args[1])
            .withColumn(
                "n",
                row_number()
                    .over(
                        Window.partitionBy("merchant_id")
                            .orderBy(col("onboarded_date").desc(), col("_ingested_at").desc())))
            .where("n = 1")
            .select(col("merchant_id"), col("risk_tier").as("merchant_risk_tier"));
    features
        .join(merchants, features.col("merchant_id").equalTo(merchants.col("merchant_id")), "left")
        .select(
            col("customer_id"),
            col("event_ts"),
            current_timestamp().as("created_ts"),
            col("feature_date"),
            col("transaction_id"),
            col("amount"),
            hour(col("event_ts")).as("hour_of_day"),
            col("merchant_category"),
            col("txn_count_24h"),
            col("amount_avg_7d"),
            col("amount_max_24h"),
            col("merchant_distinct_7d"),
            col("secs_since_prev"),
            col("merchant_risk_tier"))
        .write()
        .format("delta")
        .mode("overwrite")
        .partitionBy("feature_date")
        .save(args[2]);
    System.out.println(args[2] + ": written");
  }
}
