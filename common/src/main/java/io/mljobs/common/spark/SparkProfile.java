package io.mljobs.common.spark;

/** How a job gets its SparkSession. */
public enum SparkProfile {
  /**
   * In-process {@code local[N]} session bound to 127.0.0.1, small shuffle and Delta snapshot
   * partitions: tests, the demo, a laptop.
   */
  LOCAL,
  /**
   * Whatever {@code spark-submit} configured (master, memory, executors); mljobs adds only the
   * Delta extensions and settings that spark-submit left unset.
   */
  CLUSTER
}
