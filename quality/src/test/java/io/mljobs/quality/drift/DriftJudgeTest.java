package io.mljobs.quality.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Verdicts from configured and learned thresholds, and the dataset verdict. */
class DriftJudgeTest {
  private static FeatureComparison numeric(String name, double psi, double p) {
    return new FeatureComparison(
        name,
        FeatureKind.NUMERIC,
        Map.of(
            DriftStatistic.PSI, psi, DriftStatistic.KS_PVALUE, p, DriftStatistic.WASSERSTEIN, 1.0),
        Map.of(),
        Optional.empty(),
        FeatureComparison.Chart.NONE,
        100,
        100);
  }

  private static StatisticResult psiOf(DatasetDrift d, int feature) {
    return d.features().get(feature).statistics().stream()
        .filter(s -> s.statistic() == DriftStatistic.PSI)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void defaultThresholdsBandsAndTheDatasetShare() {
    DriftJudge judge = new DriftJudge(f -> DriftThresholds.DEFAULTS, LearnedThresholds.OFF, 0.5);
    DatasetDrift d =
        judge.judge(
            "d",
            List.of(
                numeric("stable", 0.01, 0.6),
                numeric("warned", 0.15, 0.6),
                numeric("shifted", 0.4, 0.6),
                numeric("tested", 0.01, 0.001),
                FeatureComparison.undefined("gone", FeatureKind.NUMERIC, "absent", 0, 0)),
            DriftJudge.History.NONE,
            3);
    assertEquals(
        List.of(Verdict.OK, Verdict.WARNING, Verdict.DRIFT, Verdict.DRIFT, Verdict.UNDEFINED),
        d.features().stream().map(FeatureDrift::verdict).toList());
    assertEquals(0.5, d.driftedShare(), 1e-12, "2 of the 4 defined features");
    assertEquals(Verdict.DRIFT, d.verdict());
    assertEquals(
        Verdict.INFO,
        d.features().get(0).statistics().stream()
            .filter(s -> s.statistic() == DriftStatistic.WASSERSTEIN)
            .findFirst()
            .orElseThrow()
            .verdict());
  }

  @Test
  void aNoisyFeatureLearnsItsOwnThresholdOnceTheHistoryIsLongEnough() {
    LearnedThresholds learned = new LearnedThresholds(Set.of(DriftStatistic.PSI), 3, 5, 30);
    DriftJudge judge = new DriftJudge(f -> DriftThresholds.DEFAULTS, learned, 0.5);
    List<Double> noisy = List.of(0.30, 0.34, 0.28, 0.33, 0.31, 0.29);
    // Short history: the configured 0.25 applies and says so.
    DatasetDrift early =
        judge.judge("d", List.of(numeric("noisy", 0.32, 0.9)), (f, s) -> noisy.subList(0, 3), 1);
    assertEquals(Verdict.DRIFT, early.features().get(0).verdict());
    assertEquals("learning (3 of 5 runs), default", psiOf(early, 0).thresholdSource());
    // Enough history: mean + 3σ of its own values (≈ 0.375) replaces 0.25.
    DatasetDrift later = judge.judge("d", List.of(numeric("noisy", 0.32, 0.9)), (f, s) -> noisy, 1);
    StatisticResult psi = psiOf(later, 0);
    assertEquals("learned (6 runs)", psi.thresholdSource());
    double mean = 0.30833333333333335;
    assertTrue(psi.threshold().orElseThrow() > 0.36 && psi.threshold().orElseThrow() > mean);
    assertEquals(Verdict.OK, later.features().get(0).verdict());
    // A real shift is still caught.
    DatasetDrift shifted =
        judge.judge("d", List.of(numeric("noisy", 0.9, 0.9)), (f, s) -> noisy, 1);
    assertEquals(Verdict.DRIFT, shifted.features().get(0).verdict());
  }
}
