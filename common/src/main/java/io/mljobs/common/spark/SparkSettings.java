package io.mljobs.common.spark;

import io.mljobs.common.config.Settings;
import java.util.Map;

/**
 * The {@code mljobs.spark} section.
 *
 * @param profile local or cluster
 * @param master the master URL of the local profile ({@code local[2]})
 * @param shufflePartitions {@code spark.sql.shuffle.partitions} of the local profile
 * @param ui whether the local profile starts the Spark UI
 * @param conf extra Spark settings applied as given (cluster: only keys spark-submit left unset)
 * @param logLevel the driver's log level for the local profile (Spark's INFO drowns the output)
 */
public record SparkSettings(
    SparkProfile profile,
    String master,
    int shufflePartitions,
    boolean ui,
    Map<String, String> conf,
    String logLevel) {

  public SparkSettings {
    conf = Map.copyOf(conf);
  }

  /** Reads and validates {@code mljobs.spark}. */
  public static SparkSettings from(Settings spark) {
    return new SparkSettings(
        spark.choice("profile", SparkProfile.class, SparkProfile.LOCAL),
        spark.string("master", "local[2]"),
        spark.integer("shuffle-partitions", 2, 1),
        spark.bool("ui", false),
        spark.stringMap("conf"),
        spark.string("log-level", "WARN"));
  }

  /** The local-profile defaults, used by tests. */
  public static SparkSettings localDefaults() {
    return new SparkSettings(SparkProfile.LOCAL, "local[2]", 2, false, Map.of(), "WARN");
  }
}
