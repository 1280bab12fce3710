package io.mljobs.jobs.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;

/**
 * The candidate families a model spec may name ({@code algorithm = random-forest}), each mapped to
 * its MLlib (or XGBoost4J-Spark) estimator for the model's task. Estimators are built without a
 * SparkSession, so their parameter names can be validated before Spark starts.
 */
public enum Algorithm {
  LOGISTIC_REGRESSION,
  LINEAR_REGRESSION,
  RANDOM_FOREST,
  GBT,
  XGBOOST;

  /** Parameters mljobs sets itself (columns, weights); config may not set them. */
  static final Set<String> MANAGED =
      Set.of(
          "featuresCol",
          "labelCol",
          "predictionCol",
          "probabilityCol",
          "rawPredictionCol",
          "weightCol",
          "leafCol",
          "feature_names",
          "feature_types",
          "baseMarginCol",
          "groupCol",
          "contribPredictionCol",
          "leafPredictionCol");

  /** Its kebab-case config spelling. */
  public String kebab() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Every algorithm's config spelling, for error messages. */
  static List<String> names() {
    return Arrays.stream(values()).map(Algorithm::kebab).collect(Collectors.toList());
  }

  /** Whether this family can learn {@code task}. */
  boolean supports(Task task) {
    return switch (this) {
      case LOGISTIC_REGRESSION -> task == Task.BINARY_CLASSIFICATION;
      case LINEAR_REGRESSION -> task == Task.REGRESSION;
      default -> true;
    };
  }

  /** A fresh estimator for {@code task} with default params (no Spark needed). */
  Estimator<?> estimator(Task task) {
    boolean classify = task == Task.BINARY_CLASSIFICATION;
    return switch (this) {
      case LOGISTIC_REGRESSION -> new LogisticRegression();
      case LINEAR_REGRESSION -> new LinearRegression();
      case RANDOM_FOREST -> classify ? new RandomForestClassifier() : new RandomForestRegressor();
      case GBT -> classify ? new GBTClassifier() : new GBTRegressor();
      // The param-map constructor: XGBoost 3.0's setters return Params and cannot be chained.
      case XGBOOST ->
          classify
              ? new XGBoostClassifier(
                  scala.collection.immutable.Map$.MODULE$.<String, Object>empty())
              : new XGBoostRegressor(
                  scala.collection.immutable.Map$.MODULE$.<String, Object>empty());
    };
  }

  /** The parameter names config may set for {@code task}, sorted. */
  Set<String> settableParams(Task task) {
    Set<String> names = new TreeSet<>();
    for (Param<?> p : estimator(task).params()) {
      if (!MANAGED.contains(p.name())) {
        names.add(p.name());
      }
    }
    return names;
  }

  /** The seed parameter's name, or null when the family has none (it is then deterministic). */
  String seedParam(Task task) {
    Estimator<?> e = estimator(task);
    return e.hasParam("seed") ? "seed" : null;
  }
}
