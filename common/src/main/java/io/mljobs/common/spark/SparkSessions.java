package io.mljobs.common.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession for a profile. One place decides every Spark setting mljobs makes. */
public final class SparkSessions {
  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  private SparkSessions() {}

  /** Gets or creates the session for {@code settings}, named {@code appName}. */
  public static SparkSession create(SparkSettings settings, String appName) {
    SparkConf submitted = new SparkConf(); // holds what spark-submit passed as spark.* properties
    Map<String, String> wanted = settingsFor(settings, submitted);
    SparkSession.Builder builder = SparkSession.builder();
    if (!submitted.contains("spark.app.name")) {
      builder.appName(appName);
    }
    wanted.forEach(builder::config);
    SparkSession session = builder.getOrCreate();
    if (settings.profile() == SparkProfile.LOCAL) {
      session.sparkContext().setLogLevel(settings.logLevel());
    }
    return session;
  }

  /**
   * The settings mljobs adds on top of {@code submitted}: the whole local profile, or for the
   * cluster profile only what spark-submit left unset. Pure, so it is unit-tested.
   */
  static Map<String, String> settingsFor(SparkSettings settings, SparkConf submitted) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.extensions", withDelta(submitted.get("spark.sql.extensions", "")));
    conf.put("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    conf.put("spark.sql.session.timeZone", "UTC");
    if (settings.profile() == SparkProfile.LOCAL) {
      conf.put("spark.master", settings.master());
      conf.put("spark.driver.bindAddress", "127.0.0.1");
      conf.put("spark.driver.host", "127.0.0.1");
      conf.put("spark.ui.enabled", Boolean.toString(settings.ui()));
      conf.put("spark.sql.shuffle.partitions", Integer.toString(settings.shufflePartitions()));
      // Delta's default of 50 snapshot partitions doubles the time of small local runs.
      conf.put("spark.databricks.delta.snapshotPartitions", "2");
      conf.put("spark.sql.adaptive.enabled", "true");
      conf.putAll(settings.conf());
      return conf;
    }
    settings.conf().forEach(conf::putIfAbsent);
    conf.keySet().removeIf(k -> !k.equals("spark.sql.extensions") && submitted.contains(k));
    return conf;
  }

  private static String withDelta(String extensions) {
    if (extensions.contains(DELTA_EXTENSION)) {
      return extensions;
    }
    return extensions.isBlank() ? DELTA_EXTENSION : extensions + "," + DELTA_EXTENSION;
  }
}
