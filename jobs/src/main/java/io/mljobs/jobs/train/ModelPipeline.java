package io.mljobs.jobs.train;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The pipeline every candidate of a model shares: numeric features imputed with the fit data's
 * median, categorical ones capped to the model's {@code max-categories} most frequent values
 * ({@link CategoryCap}), indexed (unseen values and nulls to an extra index: {@code handleInvalid =
 * keep}) and one-hot encoded, all assembled into one vector for the candidate's estimator. The
 * fitted {@link PipelineModel} is what is saved, so scoring replays the same steps.
 */
final class ModelPipeline {
  static final String FEATURES = "__features";

  /** The score column: P(label = 1) for classification, the prediction for regression. */
  static final String SCORE = "__score";

  /** A holdout row's id, so every model's scores line up row by row (paired comparisons). */
  static final String ROW = "__row";

  private ModelPipeline() {}

  /** The unfitted pipeline of {@code spec} ending in {@code estimator}. */
  static Pipeline of(ModelSpec spec, Estimator<?> estimator) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = new ArrayList<>();
    if (!spec.numeric().isEmpty()) {
      String[] in = spec.numeric().toArray(String[]::new);
      String[] out = spec.numeric().stream().map(c -> "__imputed_" + c).toArray(String[]::new);
      stages.add(new Imputer().setStrategy("median").setInputCols(in).setOutputCols(out));
      assembled.addAll(List.of(out));
    }
    if (!spec.categorical().isEmpty()) {
      String[] raw = spec.categorical().toArray(String[]::new);
      String[] in = spec.categorical().stream().map(c -> "__capped_" + c).toArray(String[]::new);
      stages.add(
          new CategoryCap()
              .setInputCols(raw)
              .setOutputCols(in)
              .setMaxCategories(spec.maxCategories()));
      String[] idx = spec.categorical().stream().map(c -> "__index_" + c).toArray(String[]::new);
      String[] hot = spec.categorical().stream().map(c -> "__onehot_" + c).toArray(String[]::new);
      stages.add(
          new StringIndexer()
              .setInputCols(in)
              .setOutputCols(idx)
              .setHandleInvalid("keep")
              .setStringOrderType("alphabetAsc"));
      stages.add(new OneHotEncoder().setInputCols(idx).setOutputCols(hot).setHandleInvalid("keep"));
      assembled.addAll(List.of(hot));
    }
    stages.add(
        new VectorAssembler()
            .setInputCols(assembled.toArray(String[]::new))
            .setOutputCol(FEATURES));
    ParamMap columns = new ParamMap();
    boolean xgboost = estimator.getClass().getName().startsWith("ml.dmlc.xgboost4j");
    if (xgboost) {
      stages.add(new DenseVectors());
    }
    columns.put(estimator.getParam("featuresCol"), xgboost ? DenseVectors.OUTPUT : FEATURES);
    columns.put(estimator.getParam("labelCol"), TrainingData.LABEL);
    if (spec.classWeights()) {
      String weightParam = estimator.hasParam("weightCol") ? "weightCol" : "weight_col";
      columns.put(estimator.getParam(weightParam), TrainingData.WEIGHT);
    }
    stages.add((PipelineStage) estimator.copy(columns));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /** {@code rows} scored by {@code model}: the label and {@link #SCORE}, nothing else. */
  static Dataset<Row> score(PipelineModel model, Dataset<Row> rows, Task task) {
    Dataset<Row> predicted = model.transform(rows);
    if (java.util.Arrays.asList(rows.columns()).contains(ROW)) {
      predicted = predicted.orderBy(ROW);
    }
    return task == Task.BINARY_CLASSIFICATION
        ? predicted.select(
            col(TrainingData.LABEL),
            vector_to_array(col("probability"), "float64").getItem(1).as(SCORE))
        : predicted.select(col(TrainingData.LABEL), col("prediction").as(SCORE));
  }

  /** Labels and scores of {@code scored} as arrays, in a stable row order. */
  static double[][] collect(Dataset<Row> scored) {
    List<Row> rows = scored.collectAsList();
    double[] label = new double[rows.size()];
    double[] score = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      label[i] = rows.get(i).getDouble(0);
      score[i] = rows.get(i).getDouble(1);
    }
    return new double[][] {label, score};
  }
}
