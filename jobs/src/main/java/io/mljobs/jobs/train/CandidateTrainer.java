package io.mljobs.jobs.train;

import io.mljobs.common.gpu.GpuDecision;
import io.mljobs.common.job.ParallelTasks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Tunes and fits one candidate on a time split. Spark's TrainValidationSplit splits at random,
 * which would validate on rows older than the ones trained on; so the grid is searched the same way
 * on the split's own windows instead: each grid point is fitted on the train window and scored on
 * the validation window, {@code parallelism} fits at a time, keeping only each point's metric (no
 * sub-model stays in memory, like {@code collectSubModels = false}). The best point is then
 * refitted on train + validation, which is the model compared on the holdout and saved.
 */
final class CandidateTrainer {
  private CandidateTrainer() {}

  /**
   * A fitted candidate.
   *
   * @param spec the candidate
   * @param model the pipeline refitted on train + validation with the best params
   * @param bestParams the chosen grid point (name to value), empty without a grid
   * @param validation each grid point's validation metric, in grid order
   * @param seconds wall time of tuning and refit
   */
  record Fitted(
      CandidateSpec spec,
      PipelineModel model,
      Map<String, Object> bestParams,
      List<Double> validation,
      double seconds) {}

  static Fitted fit(
      ModelSpec model,
      CandidateSpec candidate,
      TrainingData.Split split,
      int parallelism,
      GpuDecision gpu) {
    long start = System.nanoTime();
    Estimator<?> estimator =
        XgboostDevice.onDevice(candidate.estimator(model.task(), model.seed()), candidate, gpu);
    Pipeline pipeline = ModelPipeline.of(model, estimator);
    Dataset<Row> train = weighted(model, split.train());
    Dataset<Row> validation = split.validation();
    ParamMap[] grid = candidate.paramMaps(lastStage(pipeline));
    Metric metric = model.selectionMetric();
    List<Callable<Double>> tasks = new ArrayList<>();
    for (ParamMap point : grid) {
      tasks.add(
          () -> {
            PipelineModel fitted = pipeline.fit(train, point);
            double[][] scored =
                ModelPipeline.collect(ModelPipeline.score(fitted, validation, model.task()));
            return metric.compute(scored[0], scored[1], null, model.threshold());
          });
    }
    List<Double> scores =
        grid.length == 1
            ? List.of(Double.NaN)
            : ParallelTasks.valuesOrFirstFailure(
                ParallelTasks.runAll("tune-" + candidate.name(), parallelism, tasks));
    int best = 0;
    for (int i = 1; i < scores.size(); i++) {
      double sign = metric.higherIsBetter() ? 1 : -1;
      if (sign * scores.get(i) > sign * scores.get(best)
          || Double.isNaN(scores.get(best)) && !Double.isNaN(scores.get(i))) {
        best = i;
      }
    }
    Dataset<Row> all = weighted(model, split.train().unionByName(split.validation()));
    PipelineModel refitted = pipeline.fit(all, grid[best]);
    Map<String, Object> chosen = new LinkedHashMap<>();
    for (ParamPair<?> pair : grid[best].toList()) {
      chosen.put(pair.param().name(), pair.value());
    }
    return new Fitted(candidate, refitted, chosen, scores, (System.nanoTime() - start) / 1e9);
  }

  private static Estimator<?> lastStage(Pipeline pipeline) {
    return (Estimator<?>) pipeline.getStages()[pipeline.getStages().length - 1];
  }

  private static Dataset<Row> weighted(ModelSpec model, Dataset<Row> rows) {
    return model.classWeights() ? TrainingData.withClassWeights(rows) : rows;
  }
}
