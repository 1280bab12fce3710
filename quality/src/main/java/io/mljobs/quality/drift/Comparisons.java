package io.mljobs.quality.drift;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Computes a feature's statistics from its two distributions; pure, no Spark. */
public final class Comparisons {
  /** Names of new or vanished categories listed in a detail; the rest is counted. */
  static final int NAMES_LISTED = 20;

  private Comparisons() {}

  /**
   * Numeric statistics: PSI and Jensen–Shannon over {@code bins} reference-quantile bins, KS
   * statistic and p-value, Wasserstein-1, and L∞ of the CDFs.
   */
  public static FeatureComparison numeric(
      String feature, NumericDistribution reference, NumericDistribution current, int bins) {
    Optional<String> empty = emptySide(reference.isEmpty(), current.isEmpty());
    if (empty.isPresent()) {
      return FeatureComparison.undefined(
          feature, FeatureKind.NUMERIC, empty.get(), reference.total(), current.total());
    }
    Map<DriftStatistic, Double> values = new EnumMap<>(DriftStatistic.class);
    double[] edges = DriftMath.referenceEdges(reference, bins);
    double[] r = DriftMath.binWeights(reference, edges);
    double[] c = DriftMath.binWeights(current, edges);
    values.put(DriftStatistic.PSI, DriftMath.psi(r, c));
    values.put(DriftStatistic.JENSEN_SHANNON, DriftMath.jensenShannon(r, c));
    double d = DriftMath.ksStatistic(reference, current);
    values.put(DriftStatistic.KS_STATISTIC, d);
    values.put(DriftStatistic.KS_PVALUE, DriftMath.ksPValue(d, reference.total(), current.total()));
    values.put(DriftStatistic.WASSERSTEIN, DriftMath.wasserstein(reference, current));
    values.put(DriftStatistic.LINF, d);
    return new FeatureComparison(
        feature,
        FeatureKind.NUMERIC,
        values,
        Map.of(),
        Optional.empty(),
        new FeatureComparison.Chart(binLabels(edges), shares(r), shares(c)),
        reference.total(),
        current.total());
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
    Optional<String> empty = emptySide(reference.isEmpty(), current.isEmpty());
    if (empty.isPresent()) {
      return FeatureComparison.undefined(
          feature, FeatureKind.CATEGORICAL, empty.get(), reference.total(), current.total());
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
    values.put(DriftStatistic.JENSEN_SHANNON, DriftMath.jensenShannon(r, c));
    values.put(DriftStatistic.LINF, DeequDistance.categoricalLInfinity(labels, r, c));
    values.put(DriftStatistic.NEW_CATEGORIES, (double) added.size() + newBeyondTopK);
    values.put(DriftStatistic.VANISHED_CATEGORIES, (double) vanished.size() + vanishedBeyondTopK);
    Map<DriftStatistic, String> details = new EnumMap<>(DriftStatistic.class);
    details.put(DriftStatistic.NEW_CATEGORIES, names(added, newBeyondTopK));
    details.put(DriftStatistic.VANISHED_CATEGORIES, names(vanished, vanishedBeyondTopK));
    details.put(DriftStatistic.CHI2_STATISTIC, "dof=" + (long) chi[2]);
    return new FeatureComparison(
        feature,
        FeatureKind.CATEGORICAL,
        values,
        details,
        Optional.empty(),
        new FeatureComparison.Chart(labels, shares(r), shares(c)),
        reference.total(),
        current.total());
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

  private static String names(List<String> listed, long beyond) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(listed.size(), NAMES_LISTED);
    sb.append(String.join(", ", listed.subList(0, shown)));
    long more = listed.size() - shown + beyond;
    if (more > 0) {
      sb.append(sb.length() > 0 ? ", " : "").append("and ").append(more).append(" more");
    }
    return sb.toString();
  }

  private static List<String> binLabels(double[] edges) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i <= edges.length; i++) {
      String low = i == 0 ? "-inf" : format(edges[i - 1]);
      String high = i == edges.length ? "+inf" : format(edges[i]);
      labels.add("(" + low + ", " + high + "]");
    }
    return labels;
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.valueOf((long) v)
        : String.format(java.util.Locale.ROOT, "%.4g", v);
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
