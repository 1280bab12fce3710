package io.mljobs.jobs.train;

import io.mljobs.common.error.JobFailure;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code models.registry}: a registered model version with its alias and lineage.
 *
 * @param name the model
 * @param version 1, 2, ... per model
 * @param alias champion, challenger or archived
 * @param candidate the winning candidate's name
 * @param algorithm its family
 * @param metrics holdout metrics with intervals (JSON: {"auc_roc":
 *     {"value":..,"lower":..,"upper":..}})
 * @param params the candidate's params, fixed and tuned (JSON)
 * @param features the feature columns, numeric first
 * @param trainingSet the training-set table
 * @param trainingSetVersion the Delta version trained on
 * @param lineage the training set's table properties (feature-table versions and definition hashes
 *     where the training set carries them), JSON
 * @param holdout the split's windows
 * @param runId the run that registered it
 * @param artifactPath where its PipelineModel is saved
 * @param codeVersion the mljobs build that trained it
 * @param registeredAt when it was registered
 * @param updatedAt when its alias last changed
 * @param decision why it has its alias (the promotion rule's numbers, or a manual move's reason)
 */
public record RegistryEntry(
    String name,
    long version,
    String alias,
    String candidate,
    String algorithm,
    String metrics,
    String params,
    List<String> features,
    String trainingSet,
    Long trainingSetVersion,
    String lineage,
    String holdout,
    String runId,
    String artifactPath,
    String codeVersion,
    Timestamp registeredAt,
    Timestamp updatedAt,
    String decision) {

  public static final String CHAMPION = "champion";
  public static final String CHALLENGER = "challenger";
  public static final String ARCHIVED = "archived";
  public static final List<String> ALIASES = List.of(CHAMPION, CHALLENGER, ARCHIVED);

  /** The registry table's schema. */
  public static final StructType SCHEMA =
      new StructType()
          .add("name", DataTypes.StringType, false)
          .add("version", DataTypes.LongType, false)
          .add("alias", DataTypes.StringType, false)
          .add("candidate", DataTypes.StringType)
          .add("algorithm", DataTypes.StringType)
          .add("metrics", DataTypes.StringType)
          .add("params", DataTypes.StringType)
          .add("features", DataTypes.createArrayType(DataTypes.StringType))
          .add("training_set", DataTypes.StringType)
          .add("training_set_version", DataTypes.LongType)
          .add("lineage", DataTypes.StringType)
          .add("holdout", DataTypes.StringType)
          .add("run_id", DataTypes.StringType)
          .add("artifact_path", DataTypes.StringType)
          .add("code_version", DataTypes.StringType)
          .add("registered_at", DataTypes.TimestampType)
          .add("updated_at", DataTypes.TimestampType)
          .add("decision", DataTypes.StringType);

  /** This entry with another alias, changed at {@code at} for {@code why}. */
  public RegistryEntry withAlias(String newAlias, Timestamp at, String why) {
    return new RegistryEntry(
        name,
        version,
        newAlias,
        candidate,
        algorithm,
        metrics,
        params,
        features,
        trainingSet,
        trainingSetVersion,
        lineage,
        holdout,
        runId,
        artifactPath,
        codeVersion,
        registeredAt,
        at,
        why);
  }

  Row toRow() {
    return RowFactory.create(
        name,
        version,
        alias,
        candidate,
        algorithm,
        metrics,
        params,
        features,
        trainingSet,
        trainingSetVersion,
        lineage,
        holdout,
        runId,
        artifactPath,
        codeVersion,
        registeredAt,
        updatedAt,
        decision);
  }

  /** The entry a registry row holds (train-models writes them; score reads them). */
  public static RegistryEntry fromRow(Row r) {
    return new RegistryEntry(
        r.getAs("name"),
        r.<Long>getAs("version"),
        r.getAs("alias"),
        r.getAs("candidate"),
        r.getAs("algorithm"),
        r.getAs("metrics"),
        r.getAs("params"),
        r.getList(r.fieldIndex("features")),
        r.getAs("training_set"),
        r.getAs("training_set_version"),
        r.getAs("lineage"),
        r.getAs("holdout"),
        r.getAs("run_id"),
        r.getAs("artifact_path"),
        r.getAs("code_version"),
        r.getAs("registered_at"),
        r.getAs("updated_at"),
        r.getAs("decision"));
  }

  /** Whether the saved PipelineModel this entry points at is still there. */
  public boolean artifactExists(SparkSession spark) {
    Path metadata = new Path(artifactPath, "metadata");
    try {
      return metadata.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(metadata);
    } catch (IOException e) {
      throw new JobFailure("Cannot check artifact " + artifactPath + ": " + e, e);
    }
  }
}
