package io.mljobs.jobs.bench;

import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of the hand-written benchmark baselines: Delta enabled and the same
 * small-machine settings as mljobs' local profile, so a baseline differs from the job it is
 * compared with only in the work it does.
 */
final class BenchSessions {
  private BenchSessions() {}

  static SparkSession create(String appName) {
    return SparkSession.builder()
        .appName(appName)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        // Invalid datetimes (the demo data injects some) become null, as a plain user would set
        // it; under Spark's default policy the baseline load aborts on the first one.
        .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
        .getOrCreate();
  }
}
