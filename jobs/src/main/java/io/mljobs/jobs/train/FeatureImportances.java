package io.mljobs.jobs.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per declared feature, the importance a fitted candidate gives it, summed over the feature's
 * vector slots (a categorical feature's one-hot slots together) and scaled to sum to 1: forests'
 * and GBTs' impurity importances, linear models' absolute coefficients (on imputed, unscaled
 * inputs, so comparable only within a model). Empty for families that expose none here (XGBoost).
 */
final class FeatureImportances {
  private FeatureImportances() {}

  static Map<String, Double> of(PipelineModel model, Dataset<Row> sample, ModelSpec spec) {
    try {
      return compute(model, sample, spec);
    } catch (RuntimeException e) {
      return Map.of(); // no slot names (an assembler without metadata): shown as not available
    }
  }

  private static Map<String, Double> compute(
      PipelineModel model, Dataset<Row> sample, ModelSpec spec) {
    Transformer last = model.stages()[model.stages().length - 1];
    Vector weights = weights(last);
    Map<String, Double> out = new LinkedHashMap<>();
    if (weights == null) {
      return out;
    }
    // The assembler's slot names: __imputed_<feature>, __onehot_<feature>_<value>.
    Dataset<Row> assembled = model.transform(sample.limit(1));
    Attribute[] slots =
        AttributeGroup.fromStructField(assembled.schema().apply(ModelPipeline.FEATURES))
            .attributes()
            .get();
    spec.features().forEach(f -> out.put(f, 0.0));
    double total = 0;
    for (int i = 0; i < slots.length && i < weights.size(); i++) {
      String feature = owner(slots[i].name().getOrElse(() -> ""), spec.features());
      double w = Math.abs(weights.apply(i));
      if (feature != null) {
        out.merge(feature, w, Double::sum);
        total += w;
      }
    }
    if (total > 0) {
      double sum = total;
      out.replaceAll((k, v) -> v / sum);
    }
    return out;
  }

  private static Vector weights(Transformer last) {
    if (last instanceof RandomForestClassificationModel m) {
      return m.featureImportances();
    } else if (last instanceof RandomForestRegressionModel m) {
      return m.featureImportances();
    } else if (last instanceof GBTClassificationModel m) {
      return m.featureImportances();
    } else if (last instanceof GBTRegressionModel m) {
      return m.featureImportances();
    } else if (last instanceof LogisticRegressionModel m) {
      return m.coefficients();
    } else if (last instanceof LinearRegressionModel m) {
      return m.coefficients();
    }
    return null;
  }

  /** The declared feature a slot belongs to (the longest matching name). */
  private static String owner(String slot, List<String> features) {
    String best = null;
    for (String f : features) {
      boolean match = slot.equals("__imputed_" + f) || slot.startsWith("__onehot_" + f + "_");
      if (match && (best == null || f.length() > best.length())) {
        best = f;
      }
    }
    return best;
  }
}
