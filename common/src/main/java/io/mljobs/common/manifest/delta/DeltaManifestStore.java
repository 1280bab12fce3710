package io.mljobs.common.manifest.delta;

import io.mljobs.common.delta.DeltaOutput;
import io.mljobs.common.manifest.ManifestJson;
import io.mljobs.common.manifest.ManifestStore;
import io.mljobs.common.manifest.RunManifest;
import io.mljobs.common.table.TableRef;
import io.mljobs.common.table.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stores each manifest twice: as a JSON document under {@code
 * <warehouse>/<manifest-dir>/<job>/<run-date>/<run-id>/<attempt-id>.json}, and as one row of the
 * runs Delta table (queryable with SQL; the full JSON is in {@code manifest_json}).
 */
public final class DeltaManifestStore implements ManifestStore {
  /** Schema of the runs table. */
  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("attempt_id", DataTypes.StringType, false)
          .add("job", DataTypes.StringType, false)
          .add("pipeline", DataTypes.StringType, true)
          .add("run_date", DataTypes.DateType, false)
          .add("env", DataTypes.StringType, true)
          .add("status", DataTypes.StringType, false)
          .add("exit_code", DataTypes.IntegerType, false)
          .add("started_at", DataTypes.TimestampType, false)
          .add("finished_at", DataTypes.TimestampType, false)
          .add("duration_ms", DataTypes.LongType, false)
          .add("code_commit", DataTypes.StringType, true)
          .add("spark_app_id", DataTypes.StringType, true)
          .add("outputs", DataTypes.IntegerType, false)
          .add("manifest_path", DataTypes.StringType, false)
          .add("manifest_json", DataTypes.StringType, false);

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final TableRef runsTable;
  private final String manifestDir;

  public DeltaManifestStore(
      SparkSession spark, Warehouse warehouse, TableRef runsTable, String manifestDir) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.runsTable = runsTable;
    this.manifestDir = manifestDir;
  }

  @Override
  public String write(RunManifest manifest) {
    String json = ManifestJson.write(manifest);
    String file = jsonPath(manifest);
    writeJson(file, json, spark.sparkContext().hadoopConfiguration());
    Row row =
        RowFactory.create(
            manifest.runId(),
            manifest.attemptId(),
            manifest.job(),
            manifest.pipeline(),
            Date.valueOf(LocalDate.parse(manifest.runDate())),
            manifest.env(),
            manifest.status(),
            manifest.exitCode(),
            Timestamp.from(Instant.parse(manifest.startedAt())),
            Timestamp.from(Instant.parse(manifest.finishedAt())),
            manifest.durationMs(),
            manifest.code().commit(),
            manifest.sparkAppId(),
            manifest.outputs().size(),
            file,
            json);
    Dataset<Row> rows = spark.createDataFrame(List.of(row), SCHEMA).coalesce(1);
    DeltaOutput.to(warehouse.pathOf(runsTable))
        .named(runsTable.toString())
        // Once per attempt; a later attempt's record of an unfinished one is a row of its own,
        // so the attempt's own final row still lands if it was only slow, not dead.
        .idempotent(
            "mljobs-manifest/"
                + manifest.attemptId()
                + (RunManifest.UNFINISHED.equals(manifest.status()) ? "/unfinished" : ""),
            0)
        .userMetadata(java.util.Map.of("run_id", manifest.runId(), "job", manifest.job()))
        .execute(rows);
    return file;
  }

  @Override
  public List<RunManifest> findByRunId(String runId) {
    String path = warehouse.pathOf(runsTable);
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, path)) {
      return List.of();
    }
    return spark
        .read()
        .format("delta")
        .load(path)
        .filter(org.apache.spark.sql.functions.col("run_id").equalTo(runId))
        .orderBy("started_at")
        .select("manifest_json")
        .collectAsList()
        .stream()
        .map(r -> ManifestJson.read(r.getString(0)))
        .toList();
  }

  @Override
  public void saveProgress(RunManifest running) {
    writeJson(
        jsonPath(running), ManifestJson.write(running), spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Reads the JSON documents of every attempt of {@code job} under {@code runId}, on any run date
   * ({@code <manifest-dir>/<job>/<date>/<run-id>/*.json}): unlike the runs table, they include
   * attempts that were killed. A document that cannot be read (cut off by a kill) is left out.
   */
  @Override
  public List<RunManifest> attemptsOf(String job, String runId) {
    Path pattern =
        new Path(
            warehouse.resolve(manifestDir + "/" + job + "/*/" + globEscaped(runId) + "/*.json"));
    List<RunManifest> attempts = new java.util.ArrayList<>();
    try {
      FileSystem fs = pattern.getFileSystem(spark.sparkContext().hadoopConfiguration());
      org.apache.hadoop.fs.FileStatus[] found = fs.globStatus(pattern);
      if (found == null) {
        return List.of();
      }
      for (org.apache.hadoop.fs.FileStatus file : found) {
        try (InputStream in = fs.open(file.getPath())) {
          RunManifest manifest =
              ManifestJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          if (manifest.runId().equals(runId) && manifest.job().equals(job)) {
            attempts.add(manifest);
          }
        } catch (IOException | IllegalArgumentException e) {
          // a document cut off mid-write: that attempt's outputs are found again by the
          // idempotent writes of the next one (skipped, naming the attempt that committed them)
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the run manifests under " + pattern, e);
    }
    return attempts;
  }

  private static String globEscaped(String text) {
    return text.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }

  /** Where the JSON document of a manifest goes. */
  public String jsonPath(RunManifest manifest) {
    return warehouse.resolve(
        manifestDir
            + "/"
            + manifest.job()
            + "/"
            + manifest.runDate()
            + "/"
            + manifest.runId()
            + "/"
            + manifest.attemptId()
            + ".json");
  }

  /** Writes a document through Hadoop's FileSystem, so any warehouse URI works. */
  static void writeJson(String file, String json, Configuration hadoop) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      try (OutputStream out = fs.create(path, true)) {
        out.write(json.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write run manifest to " + file, e);
    }
  }
}
