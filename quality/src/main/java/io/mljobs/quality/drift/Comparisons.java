package io.mljobs.quality.drift;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Computes a feature's statistics from its two distributions; pure, no Spark. */
public final class Comparisons {
  private Comparisons() {}

  /**
   * Numeric statistics over reference-decile bins and base-2 Jensen–Shannon, without missing
   * counts.
   */
  public static FeatureComparison numeric(
      String feature, NumericDistribution reference, NumericDistribution current, int bins) {
    return numeric(
        feature, reference, current, new NumericBinning.Quantiles(bins), 2.0, MissingShare.UNKNOWN);
  }

  /**
   * Numeric statistics: PSI and Jensen–Shannon (logarithms of {@code logBase}) over the bins of
   * {@code binning}, KS statistic and p-value, Wasserstein-1 and its normed form, L∞ of the CDFs,
   * and the change of the missing share.
   */
  public static FeatureComparison numeric(
      String feature,
      NumericDistribution reference,
      NumericDistribution current,
      NumericBinning binning,
      double logBase,
      MissingShare missing) {
    Optional<String> empty = emptySide(reference.isEmpty(), current.isEmpty());
    if (empty.isPresent()) {
      return undefinedWithMissing(
          feature, FeatureKind.NUMERIC, empty.get(), reference.total(), current.total(), missing);
    }
    Map<DriftStatistic, Double> values = new EnumMap<>(DriftStatistic.class);
    NumericBinning.Bins bins = binning.bins(reference, current);
    double[] r = bins.weights(reference);
    double[] c = bins.weights(current);
    values.put(DriftStatistic.PSI, DriftMath.psi(r, c));
    values.put(DriftStatistic.JENSEN_SHANNON, DriftMath.jensenShannon(r, c, logBase));
    double d = DriftMath.ksStatistic(reference, current);
    values.put(DriftStatistic.KS_STATISTIC, d);
    values.put(DriftStatistic.KS_PVALUE, DriftMath.ksPValue(d, reference.total(), current.total()));
    double w = DriftMath.wasserstein(reference, current);
    values.put(DriftStatistic.WASSERSTEIN, w);
    values.put(DriftStatistic.WASSERSTEIN_NORMED, DriftMath.wassersteinNormed(w, reference));
    values.put(DriftStatistic.LINF, d);
    Map<DriftStatistic, String> details = new EnumMap<>(DriftStatistic.class);
    details.put(DriftStatistic.PSI, "binning " + binning.label());
    missing
        .change()
        .ifPresent(
            m -> {
              values.put(DriftStatistic.MISSING_SHARE, m);
              details.put(DriftStatistic.MISSING_SHARE, missing.detail());
            });
    return new FeatureComparison(
        feature,
        FeatureKind.NUMERIC,
        values,
        details,
        Optional.empty(),
        chartWithoutEmptyTails(bins, r, c),
        reference.total(),
        current.total());
  }

  /** The histogram's under/overflow bins are drawn only when they hold values. */
  private static FeatureComparison.Chart chartWithoutEmptyTails(
      NumericBinning.Bins bins, double[] r, double[] c) {
    List<String> labels = bins.labels();
    double[] rs = shares(r);
    double[] cs = shares(c);
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      boolean tail = bins.histogram() && (i == 0 || i == labels.size() - 1);
      if (!tail || r[i] > 0 || c[i] > 0) {
        kept.add(i);
      }
    }
    List<String> l = new ArrayList<>();
    double[] rk = new double[kept.size()];
    double[] ck = new double[kept.size()];
    for (int j = 0; j < kept.size(); j++) {
      l.add(labels.get(kept.get(j)));
      rk[j] = rs[kept.get(j)];
      ck[j] = cs[kept.get(j)];
    }
    return new FeatureComparison.Chart(l, rk, ck);
  }

  private static FeatureComparison undefinedWithMissing(
      String feature,
      FeatureKind kind,
      String reason,
      double referenceCount,
      double currentCount,
      MissingShare missing) {
    if (missing.change().isEmpty()) {
      return FeatureComparison.undefined(feature, kind, reason, referenceCount, currentCount);
    }
    // A column that became (or stopped being) all missing is still judged on its missing share.
    return new FeatureComparison(
        feature,
        kind,
        Map.of(DriftStatistic.MISSING_SHARE, missing.change().get()),
        Map.of(DriftStatistic.MISSING_SHARE, missing.detail()),
        Optional.of(reason),
        FeatureComparison.Chart.NONE,
        referenceCount,
        currentCount);
  }

  /**
   * Categorical statistics over the kept categories plus "other": χ² statistic and p-value, PSI,
   * Jensen–Shannon, L∞ (Deequ's), and new and vanished categories by name.
   *
   * @param newBeyondTopK categories new in current that fell into "other"
   * @param vanishedBeyondTopK categories gone from current that fell into "other"
   */
  public static FeatureComparison categorical(
      String feature,
      CategoricalDistribution reference,
      CategoricalDistribution current,
      long newBeyondTopK,
      long vanishedBeyondTopK) {
    return categorical(
        feature,
        reference,
        current,
        unnamed(newBeyondTopK),
        unnamed(vanishedBeyondTopK),
        2.0,
        MissingShare.UNKNOWN);
  }

  private static List<String> unnamed(long count) {
    List<String> names = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      names.add(null);
    }
    return names;
  }

  /**
   * Categorical statistics as above, with the names of the new and vanished categories that fell
   * into "(other)", Jensen–Shannon with logarithms of {@code logBase}, and the missing share.
   *
   * @param newBeyondTopK names of categories new in current that fell into "other" (null: unnamed)
   * @param vanishedBeyondTopK names of categories gone from current that fell into "other"
   */
  public static FeatureComparison categorical(
      String feature,
      CategoricalDistribution reference,
      CategoricalDistribution current,
      List<String> newBeyondTopK,
      List<String> vanishedBeyondTopK,
      double logBase,
      MissingShare missing) {
    Optional<String> empty = emptySide(reference.isEmpty(), current.isEmpty());
    if (empty.isPresent()) {
      return undefinedWithMissing(
          feature,
          FeatureKind.CATEGORICAL,
          empty.get(),
          reference.total(),
          current.total(),
          missing);
    }
    LinkedHashMap<String, double[]> table = new LinkedHashMap<>();
    reference.counts().forEach((k, v) -> table.put(k, new double[] {v, current.count(k)}));
    current.counts().forEach((k, v) -> table.putIfAbsent(k, new double[] {0, v}));
    if (reference.other() > 0 || current.other() > 0) {
      table.put(CategoricalDistribution.OTHER, new double[] {reference.other(), current.other()});
    }
    List<String> labels = new ArrayList<>(table.keySet());
    double[] r = new double[labels.size()];
    double[] c = new double[labels.size()];
    List<String> added = new ArrayList<>();
    List<String> vanished = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      double[] pair = table.get(labels.get(i));
      r[i] = pair[0];
      c[i] = pair[1];
      if (!labels.get(i).equals(CategoricalDistribution.OTHER)) {
        if (r[i] == 0 && c[i] > 0) {
          added.add(labels.get(i));
        } else if (c[i] == 0 && r[i] > 0) {
          vanished.add(labels.get(i));
        }
      }
    }
    Map<DriftStatistic, Double> values = new EnumMap<>(DriftStatistic.class);
    double[] chi = DriftMath.chiSquare(r, c);
    values.put(DriftStatistic.CHI2_STATISTIC, chi[0]);
    values.put(DriftStatistic.CHI2_PVALUE, chi[1]);
    values.put(DriftStatistic.PSI, DriftMath.psi(r, c));
    values.put(DriftStatistic.JENSEN_SHANNON, DriftMath.jensenShannon(r, c, logBase));
    values.put(DriftStatistic.LINF, DeequDistance.categoricalLInfinity(labels, r, c));
    values.put(DriftStatistic.NEW_CATEGORIES, (double) added.size() + newBeyondTopK.size());
    values.put(
        DriftStatistic.VANISHED_CATEGORIES, (double) vanished.size() + vanishedBeyondTopK.size());
    Map<DriftStatistic, String> details = new EnumMap<>(DriftStatistic.class);
    details.put(DriftStatistic.NEW_CATEGORIES, names(added, newBeyondTopK));
    details.put(DriftStatistic.VANISHED_CATEGORIES, names(vanished, vanishedBeyondTopK));
    details.put(DriftStatistic.CHI2_STATISTIC, "dof=" + (long) chi[2]);
    missing
        .change()
        .ifPresent(
            m -> {
              values.put(DriftStatistic.MISSING_SHARE, m);
              details.put(DriftStatistic.MISSING_SHARE, missing.detail());
            });
    return new FeatureComparison(
        feature,
        FeatureKind.CATEGORICAL,
        values,
        details,
        Optional.empty(),
        new FeatureComparison.Chart(labels, shares(r), shares(c)),
        reference.total(),
        current.total(),
        named(added, newBeyondTopK),
        named(vanished, vanishedBeyondTopK));
  }

  private static List<String> named(List<String> listed, List<String> beyond) {
    List<String> all = new ArrayList<>(listed);
    beyond.stream().filter(java.util.Objects::nonNull).forEach(all::add);
    return all;
  }

  private static Optional<String> emptySide(boolean referenceEmpty, boolean currentEmpty) {
    if (referenceEmpty && currentEmpty) {
      return Optional.of("no non-null values on either side");
    } else if (referenceEmpty) {
      return Optional.of("no non-null values in the reference");
    } else if (currentEmpty) {
      return Optional.of("no non-null values in the current data");
    }
    return Optional.empty();
  }

  /**
   * Every name, kept categories first, then those beyond the top-K in name order; only categories a
   * caller could not name (null) are counted as "and n more".
   */
  private static String names(List<String> listed, List<String> beyond) {
    List<String> all = new ArrayList<>(listed);
    long unnamed = 0;
    for (String name : beyond) {
      if (name == null) {
        unnamed++;
      } else {
        all.add(name);
      }
    }
    StringBuilder sb = new StringBuilder(String.join(", ", all));
    if (unnamed > 0) {
      sb.append(sb.length() > 0 ? ", " : "").append("and ").append(unnamed).append(" more");
    }
    return sb.toString();
  }

  private static double[] shares(double[] weights) {
    double total = DriftMath.sum(weights);
    double[] shares = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      shares[i] = total == 0 ? 0 : weights[i] / total;
    }
    return shares;
  }
}
