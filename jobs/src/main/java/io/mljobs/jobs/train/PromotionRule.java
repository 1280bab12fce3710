package io.mljobs.jobs.train;

import java.util.Locale;

/**
 * Whether a newly trained model replaces the champion: only when, on the same holdout rows, it
 * beats the champion's selection metric by at least {@code margin} and the paired bootstrap
 * interval of the improvement lies above zero. Otherwise it is registered as challenger. With no
 * champion yet, the new model becomes champion.
 *
 * @param metric the metric compared
 * @param margin the least improvement (in the metric's units; lower-is-better metrics count a
 *     decrease as improvement)
 * @param bootstrap the paired bootstrap
 */
record PromotionRule(Metric metric, double margin, Bootstrap bootstrap) {
  /**
   * Differences below this are floating-point noise, not improvement: a re-run on the same data can
   * differ in the 16th digit (Spark's aggregation order), which must not promote.
   */
  static final double NOISE = 1e-9;

  /** The outcome and its numbers. */
  record Decision(boolean promote, Bootstrap.Estimate improvement, String reason) {
    String alias() {
      return promote ? RegistryEntry.CHAMPION : RegistryEntry.CHALLENGER;
    }
  }

  Decision firstModel() {
    return new Decision(true, null, "no champion yet: the first registered model is champion");
  }

  /** Compares the scores of the new model and the champion on the same holdout rows. */
  Decision decide(
      double[] label,
      double[] challenger,
      double[] champion,
      double threshold,
      long championVersion) {
    Bootstrap.Estimate d =
        bootstrap.pairedImprovement(metric, label, challenger, champion, threshold);
    boolean promote = d.value() >= margin && d.value() > NOISE && d.lower() > NOISE;
    String numbers =
        String.format(
            Locale.ROOT,
            "%s improvement over champion v%d: %.4f (%.0f%% paired bootstrap interval [%.4f, %.4f]),"
                + " margin %.4f",
            metric.column(),
            championVersion,
            d.value(),
            bootstrap.confidence() * 100,
            d.lower(),
            d.upper(),
            margin);
    String verdict =
        promote
            ? "promoted: "
            : d.value() < margin
                ? "kept as challenger (improvement below the margin): "
                : "kept as challenger (interval reaches zero): ";
    return new Decision(promote, d, verdict + numbers);
  }
}
