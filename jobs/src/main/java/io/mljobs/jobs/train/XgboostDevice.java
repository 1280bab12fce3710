package io.mljobs.jobs.train;

import io.mljobs.common.gpu.GpuDecision;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;

/**
 * Puts an XGBoost candidate on the device the run's GPU decision allows: with GPUs ({@link
 * GpuDecision#useGpu()}), {@code device} and {@code numWorkers} come from the GPU profile ({@code
 * mljobs.gpu.xgboost.device}, {@code num-workers}), and xgboost4j-spark's own stage-level
 * scheduling then asks each training task for a GPU and trains on the ordinal Spark assigned;
 * without them (profile off, or {@code fallback = cpu} after a failed check) the estimator is left
 * as config made it. Values the candidate sets itself ({@code params { device = ... }}) win. Other
 * families are returned unchanged.
 */
final class XgboostDevice {
  static final String DEVICE = "device";
  static final String WORKERS = "numWorkers";

  private XgboostDevice() {}

  static Estimator<?> onDevice(Estimator<?> estimator, CandidateSpec candidate, GpuDecision gpu) {
    if (candidate.algorithm() != Algorithm.XGBOOST || !gpu.useGpu()) {
      return estimator;
    }
    ParamMap onGpu = new ParamMap();
    if (!candidate.params().containsKey(DEVICE)) {
      onGpu.put(estimator.getParam(DEVICE), gpu.settings().xgboostDevice());
    }
    if (!candidate.params().containsKey(WORKERS)) {
      onGpu.put(estimator.getParam(WORKERS), gpu.settings().xgboostWorkers());
    }
    return (Estimator<?>) estimator.copy(onGpu);
  }
}
