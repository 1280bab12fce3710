package io.mljobs.quality.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns statistics into verdicts: configured thresholds per statistic (per feature when given),
 * learned thresholds from the feature's history, a feature verdict and the dataset verdict.
 */
public final class DriftJudge {
  private final Function<String, DriftThresholds> thresholds;
  private final LearnedThresholds learned;
  private final double driftShare;

  /**
   * @param thresholds the thresholds of a feature, by name
   * @param learned which statistics learn their threshold, and how
   * @param driftShare share of drifted features from which the dataset drifts
   */
  public DriftJudge(
      Function<String, DriftThresholds> thresholds, LearnedThresholds learned, double driftShare) {
    this.thresholds = thresholds;
    this.learned = learned;
    this.driftShare = driftShare;
  }

  /**
   * History of a statistic: earlier values of (feature, statistic), newest first, already without
   * the values an earlier learned threshold judged drift.
   */
  public interface History {
    List<Double> values(String feature, DriftStatistic statistic);

    /** No history (the first run). */
    History NONE = (feature, statistic) -> List.of();
  }

  /** Judges every feature of {@code dataset} and the dataset. */
  public DatasetDrift judge(
      String dataset, List<FeatureComparison> comparisons, History history, int sparkJobs) {
    List<FeatureDrift> features = new ArrayList<>();
    int defined = 0;
    int drifted = 0;
    for (FeatureComparison c : comparisons) {
      FeatureDrift f = judge(c, history);
      features.add(f);
      if (f.verdict() != Verdict.UNDEFINED) {
        defined++;
        drifted += f.verdict() == Verdict.DRIFT ? 1 : 0;
      }
    }
    double share = defined == 0 ? 0 : (double) drifted / defined;
    Verdict verdict =
        defined == 0 ? Verdict.UNDEFINED : share >= driftShare ? Verdict.DRIFT : Verdict.OK;
    return new DatasetDrift(dataset, features, share, driftShare, verdict, sparkJobs);
  }

  FeatureDrift judge(FeatureComparison c, History history) {
    List<StatisticResult> results = new ArrayList<>();
    if (c.undefined().isPresent() && c.values().isEmpty()) {
      return new FeatureDrift(c, results, Verdict.UNDEFINED);
    }
    DriftThresholds own = thresholds.apply(c.feature());
    Verdict feature = Verdict.OK;
    boolean judged = false;
    for (Map.Entry<DriftStatistic, Double> e : c.values().entrySet()) {
      DriftStatistic s = e.getKey();
      double value = e.getValue();
      Optional<Double> threshold = own.drift(s);
      String source = threshold.isPresent() ? "default" : "none";
      double rows = Math.max(c.referenceCount(), c.currentCount());
      if (!s.higherIsWorse() && threshold.isPresent() && rows > own.pvalueMaxRows()) {
        // At this size a p-value rejects tiny effects: the effect sizes judge instead.
        threshold = Optional.empty();
        source = "off above " + (long) own.pvalueMaxRows() + " rows (pvalue-max-rows)";
      }
      if (learned.statistics().contains(s)) {
        List<Double> past = history.values(c.feature(), s);
        Optional<Double> learnt = learned.learn(past);
        if (learnt.isPresent()) {
          threshold = Optional.of(Math.max(learnt.get(), threshold.orElse(learnt.get())));
          source = "learned (" + Math.min(past.size(), learned.window()) + " runs)";
        } else {
          source =
              "learning ("
                  + past.size()
                  + " of "
                  + Math.max(2, learned.minHistory())
                  + " runs)"
                  + (threshold.isPresent() ? ", default" : "");
        }
      }
      Verdict verdict;
      if (Double.isNaN(value)) {
        verdict = Verdict.UNDEFINED;
      } else if (threshold.isPresent()) {
        judged = true;
        if (s.beyond(value, threshold.get())) {
          verdict = Verdict.DRIFT;
        } else if (s == DriftStatistic.PSI
            && value >= own.psiWarning()
            && !source.startsWith("learned")) {
          // A learned threshold replaces the configured bands, warning band included.
          verdict = Verdict.WARNING;
        } else {
          verdict = Verdict.OK;
        }
      } else {
        verdict = Verdict.INFO;
      }
      if (verdict == Verdict.DRIFT) {
        feature = Verdict.DRIFT;
      } else if (verdict == Verdict.WARNING && feature == Verdict.OK) {
        feature = Verdict.WARNING;
      }
      results.add(
          new StatisticResult(
              s,
              Double.isNaN(value) ? Optional.empty() : Optional.of(value),
              threshold,
              source,
              verdict,
              c.details().getOrDefault(s, "")));
    }
    if (c.undefined().isPresent() && feature != Verdict.DRIFT) {
      // Only the missing share could be judged, and it did not drift: still not comparable.
      return new FeatureDrift(c, results, Verdict.UNDEFINED);
    }
    return new FeatureDrift(c, results, judged ? feature : Verdict.INFO);
  }
}
