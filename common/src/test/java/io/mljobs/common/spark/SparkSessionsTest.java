package io.mljobs.common.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  @Test
  void localProfilePinsLoopbackSmallPartitionsAndDelta() {
    Map<String, String> conf =
        SparkSessions.settingsFor(SparkSettings.localDefaults(), new SparkConf(false));
    assertEquals("local[2]", conf.get("spark.master"));
    assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"));
    assertEquals("2", conf.get("spark.sql.shuffle.partitions"));
    assertEquals("2", conf.get("spark.databricks.delta.snapshotPartitions"));
    assertEquals(SparkSessions.DELTA_EXTENSION, conf.get("spark.sql.extensions"));
    assertEquals(SparkSessions.DELTA_CATALOG, conf.get("spark.sql.catalog.spark_catalog"));
  }

  @Test
  void clusterProfileRespectsWhatSparkSubmitSet() {
    SparkConf submitted =
        new SparkConf(false)
            .set("spark.master", "spark://h:7077")
            .set("spark.sql.shuffle.partitions", "400")
            .set("spark.sql.extensions", "com.example.Ext");
    SparkSettings cluster =
        new SparkSettings(
            SparkProfile.CLUSTER,
            "local[2]",
            2,
            false,
            Map.of("spark.sql.shuffle.partitions", "8", "spark.executor.cores", "4"),
            "WARN");

    Map<String, String> conf = SparkSessions.settingsFor(cluster, submitted);

    assertFalse(conf.containsKey("spark.master"));
    assertFalse(conf.containsKey("spark.sql.shuffle.partitions"), "spark-submit's value wins");
    assertEquals("4", conf.get("spark.executor.cores"), "config fills what submit left unset");
    assertEquals(
        "com.example.Ext," + SparkSessions.DELTA_EXTENSION, conf.get("spark.sql.extensions"));
  }
}
