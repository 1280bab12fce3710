package io.mljobs.jobs.maintain;

import io.delta.tables.DeltaTable;
import io.mljobs.common.config.Settings;
import io.mljobs.common.delta.TablePolicy;
import io.mljobs.common.error.JobFailure;
import io.mljobs.common.job.JobContext;
import io.mljobs.common.job.JobResult;
import io.mljobs.common.job.SparkJob;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.OutputRecord;
import io.mljobs.common.table.TableRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code maintain-tables}: per Delta table, applies the configured table properties (retention, log
 * retention, change data feed) where they differ, compacts small files (OPTIMIZE) and removes files
 * older than the table's retention (VACUUM), refusing a retention below the safety minimum unless
 * {@code mljobs.delta.allow-short-retention = true}. Each commit carries the run id.
 */
public final class MaintainTablesJob implements SparkJob<MaintainTablesConfig> {
  static final String NAME = "maintain-tables";
  private static final Pattern PART = Pattern.compile("[a-z][a-z0-9_]*");
  private static final String USER_METADATA_CONF = "spark.databricks.delta.commitInfo.userMetadata";
  private static final String RETENTION_CHECK_CONF =
      "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String LISTING_PARALLELISM_CONF =
      "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Apply Delta table properties from config, OPTIMIZE and VACUUM (with the configured"
        + " retention, never below the safety minimum unless overridden).";
  }

  @Override
  public MaintainTablesConfig configure(Settings mljobs) {
    return MaintainTablesConfig.from(mljobs, NAME);
  }

  @Override
  public JobResult run(JobContext<MaintainTablesConfig> context) throws IOException {
    MaintainTablesConfig config = context.config();
    List<TableRef> tables = config.tables().isEmpty() ? discover(context) : config.tables();
    SparkSession spark = context.spark();
    String metadata = ManifestJson.compact(context.run().commitMetadata());
    String previous = spark.conf().get(USER_METADATA_CONF, null);
    spark.conf().set(USER_METADATA_CONF, metadata);
    try {
      for (TableRef table : tables) {
        context.timed("maintain " + table, () -> maintain(context, table));
      }
    } finally {
      if (previous == null) {
        spark.conf().unset(USER_METADATA_CONF);
      } else {
        spark.conf().set(USER_METADATA_CONF, previous);
      }
    }
    return JobResult.ok(tables.size() + " table(s) maintained: " + tables)
        .withMetric("tables", tables.size());
  }

  private Void maintain(JobContext<MaintainTablesConfig> context, TableRef table) {
    SparkSession spark = context.spark();
    String path = context.pathOf(table);
    if (!context.input(table).exists()) {
      throw new JobFailure(
          "Table "
              + table
              + " does not exist (no Delta table at "
              + path
              + "). Fix mljobs.jobs.maintain-tables.tables.");
    }
    MaintainTablesConfig config = context.config();
    TablePolicy policy = config.policies().of(table);
    Map<String, Object> details = new LinkedHashMap<>();
    Map<String, String> changed = applyProperties(spark, path, policy);
    details.put("properties_set", changed);
    if (config.optimize()) {
      Row metrics = DeltaTable.forPath(spark, path).optimize().executeCompaction().first();
      details.put("optimize", metrics.getAs("metrics").toString());
    }
    if (config.vacuum()) {
      double hours = policy.deletedFileRetention().toHours();
      boolean belowDeltaCheck = hours < 168;
      String check = spark.conf().get(RETENTION_CHECK_CONF, "true");
      boolean listingSet = spark.conf().contains(LISTING_PARALLELISM_CONF);
      try {
        if (belowDeltaCheck) {
          // Only reachable with mljobs.delta.allow-short-retention = true (checked at configure).
          spark.conf().set(RETENTION_CHECK_CONF, "false");
        }
        if (!listingSet) {
          spark.conf().set(LISTING_PARALLELISM_CONF, vacuumListingParallelism(spark));
        }
        DeltaTable.forPath(spark, path).vacuum(hours);
      } finally {
        spark.conf().set(RETENTION_CHECK_CONF, check);
        if (!listingSet) {
          spark.conf().unset(LISTING_PARALLELISM_CONF);
        }
      }
      details.put("vacuum_retention_hours", (long) hours);
    }
    // Resolved after the maintenance commits (nothing read before pins an older one); the table
    // is an output of this run, so it is not read and not recorded as an input.
    long version = context.input(table).latest().version();
    context
        .recorder()
        .output(
            new OutputRecord(
                table.toString(), "delta", path, version, "maintain", null, false, details));
    return null;
  }

  /**
   * The number of tasks VACUUM lists a partitioned table's folders with, unless the session sets
   * {@code spark.sql.sources.parallelPartitionDiscovery.parallelism} itself. Delta takes that
   * setting as is (Spark's default: 10,000 tasks per table, whatever its size); the cores of the
   * application (at least 8, so a small local session still lists folders concurrently) list them
   * as fast on the tables a pipeline keeps.
   */
  static int vacuumListingParallelism(SparkSession spark) {
    return Math.max(8, spark.sparkContext().defaultParallelism());
  }

  /** Sets the policy's properties where the table's differ; returns what was set. */
  static Map<String, String> applyProperties(SparkSession spark, String path, TablePolicy policy) {
    Map<String, String> current =
        new TreeMap<>(
            DeltaTable.forPath(spark, path).detail().select("properties").first().getJavaMap(0));
    Map<String, String> wanted = new TreeMap<>(policy.properties());
    wanted.entrySet().removeIf(e -> e.getValue().equals(current.get(e.getKey())));
    if (!wanted.isEmpty()) {
      String assignments =
          wanted.entrySet().stream()
              .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
              .collect(Collectors.joining(", "));
      spark.sql(
          "ALTER TABLE delta.`"
              + path.replace("`", "``")
              + "` SET TBLPROPERTIES ("
              + assignments
              + ")");
    }
    return wanted;
  }

  /** Every Delta table at {@code <warehouse>/<layer>/<name>}. */
  private static List<TableRef> discover(JobContext<?> context) throws IOException {
    Path root = new Path(context.warehouse().root());
    FileSystem fs = root.getFileSystem(context.spark().sparkContext().hadoopConfiguration());
    List<TableRef> tables = new ArrayList<>();
    if (!fs.exists(root)) {
      return tables;
    }
    for (FileStatus layer : fs.listStatus(root)) {
      if (!layer.isDirectory() || !PART.matcher(layer.getPath().getName()).matches()) {
        continue;
      }
      for (FileStatus t : fs.listStatus(layer.getPath())) {
        if (t.isDirectory()
            && PART.matcher(t.getPath().getName()).matches()
            && fs.exists(new Path(t.getPath(), "_delta_log"))) {
          tables.add(new TableRef(layer.getPath().getName(), t.getPath().getName()));
        }
      }
    }
    tables.sort(java.util.Comparator.comparing(TableRef::toString));
    return tables;
  }
}
