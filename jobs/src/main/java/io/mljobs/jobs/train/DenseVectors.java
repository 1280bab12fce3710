package io.mljobs.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.StructType;

/**
 * A pipeline stage that stores the assembled feature vector densely ({@value #INPUT} to {@value
 * #OUTPUT}), placed before XGBoost only: xgboost4j-spark 3.0.4 builds malformed rows from sparse
 * vectors when predicting (dmlc/xgboost#12347: indices of the non-zeros paired with the dense
 * values), so its scores on one-hot features would be wrong. Saved and loaded with the pipeline.
 */
public final class DenseVectors extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  static final String INPUT = ModelPipeline.FEATURES;
  static final String OUTPUT = "__features_dense";
  private final String uid;

  public DenseVectors(String uid) {
    this.uid = uid;
  }

  public DenseVectors() {
    this(Identifiable$.MODULE$.randomUID("denseVectors"));
  }

  /** Read back by {@code PipelineModel.load} (found by reflection). */
  public static MLReader<DenseVectors> read() {
    return new DefaultParamsReader<>();
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    UDF1<Vector, Vector> dense = v -> v == null ? null : v.toDense();
    return dataset.withColumn(OUTPUT, udf(dense, SQLDataTypes.VectorType()).apply(col(INPUT)));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return schema.add(OUTPUT, SQLDataTypes.VectorType(), true);
  }

  @Override
  public DenseVectors copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
