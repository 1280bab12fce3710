package io.mljobs.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded percentile bootstrap intervals, single and paired. */
class BootstrapTest {
  private static final double[] LABEL = new double[500];
  private static final double[] GOOD = new double[500];
  private static final double[] WORSE = new double[500];

  static {
    Random r = new Random(7);
    for (int i = 0; i < LABEL.length; i++) {
      LABEL[i] = r.nextDouble() < 0.2 ? 1 : 0;
      GOOD[i] = 1 / (1 + Math.exp(-(r.nextGaussian() + 2 * LABEL[i] - 1)));
      WORSE[i] = 1 / (1 + Math.exp(-(r.nextGaussian() * 2 + 0.5 * LABEL[i] - 1)));
    }
  }

  @Test
  void theSameSeedGivesTheSameIntervalsAndAnotherSeedOthers() {
    Bootstrap b = new Bootstrap(200, 0.95, 1);
    List<Metric> metrics = Metric.of(Task.BINARY_CLASSIFICATION);
    Map<Metric, Bootstrap.Estimate> one = b.estimate(metrics, LABEL, GOOD, 0.5);
    assertEquals(one, b.estimate(metrics, LABEL, GOOD, 0.5));
    assertNotEquals(one, new Bootstrap(200, 0.95, 2).estimate(metrics, LABEL, GOOD, 0.5));
    for (Bootstrap.Estimate e : one.values()) {
      assertTrue(e.lower() <= e.value() && e.value() <= e.upper(), e.toString());
    }
    // A 95% interval of an AUC on 500 rows (~100 positives) is a few hundredths wide.
    Bootstrap.Estimate auc = one.get(Metric.AUC_ROC);
    assertTrue(auc.upper() - auc.lower() > 0.02 && auc.upper() - auc.lower() < 0.2, auc.toString());
  }

  @Test
  void thePairedIntervalOfAModelAgainstItselfIsZero() {
    Bootstrap.Estimate d =
        new Bootstrap(100, 0.95, 1).pairedImprovement(Metric.AUC_ROC, LABEL, GOOD, GOOD, 0.5);
    assertEquals(new Bootstrap.Estimate(0, 0, 0), d);
  }

  @Test
  void thePairedIntervalSeesAClearImprovementAndItsDirection() {
    Bootstrap b = new Bootstrap(200, 0.95, 1);
    Bootstrap.Estimate better = b.pairedImprovement(Metric.AUC_ROC, LABEL, GOOD, WORSE, 0.5);
    assertTrue(better.lower() > 0, better.toString());
    Bootstrap.Estimate worse = b.pairedImprovement(Metric.AUC_ROC, LABEL, WORSE, GOOD, 0.5);
    assertEquals(-better.value(), worse.value(), 1e-12);
    assertTrue(worse.upper() < 0, worse.toString());
    // Lower-is-better metrics count a decrease as improvement.
    assertTrue(b.pairedImprovement(Metric.LOG_LOSS, LABEL, GOOD, WORSE, 0.5).value() > 0);
  }

  @Test
  void quantilesInterpolateLinearlyAsNumpy() {
    double[] sorted = {1, 2, 3, 4};
    assertEquals(1.075, Bootstrap.quantile(sorted, 0.025), 1e-12);
    assertEquals(3.925, Bootstrap.quantile(sorted, 0.975), 1e-12);
  }

  @Test
  void promotionNeedsTheMarginAndAnIntervalAboveZero() {
    PromotionRule rule = new PromotionRule(Metric.AUC_ROC, 0.01, new Bootstrap(200, 0.95, 1));
    assertTrue(rule.decide(LABEL, GOOD, WORSE, 0.5, 1).promote());
    PromotionRule.Decision tie = rule.decide(LABEL, GOOD, GOOD, 0.5, 1);
    assertEquals("challenger", tie.alias());
    assertTrue(tie.reason().startsWith("kept as challenger (improvement below the margin)"));
    // Floating-point noise (a re-run's 16th digit) never promotes, even with margin 0.
    double[] noisy = GOOD.clone();
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = LABEL[i] > 0.5 ? noisy[i] + 1e-15 : noisy[i];
    }
    PromotionRule noMargin = new PromotionRule(Metric.LOG_LOSS, 0, new Bootstrap(200, 0.95, 1));
    assertEquals("challenger", noMargin.decide(LABEL, noisy, GOOD, 0.5, 1).alias());
    PromotionRule high = new PromotionRule(Metric.AUC_ROC, 0.9, new Bootstrap(200, 0.95, 1));
    assertEquals("challenger", high.decide(LABEL, GOOD, WORSE, 0.5, 1).alias());
  }
}
