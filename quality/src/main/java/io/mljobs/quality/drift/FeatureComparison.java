package io.mljobs.quality.drift;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statistics of one feature, reference against current, before any verdict.
 *
 * @param feature the column
 * @param kind numeric or categorical
 * @param values each statistic's value (absent when undefined)
 * @param details a statistic's detail (the names of new categories, ...)
 * @param undefined why no statistic could be computed (an empty side, a missing column), if so
 * @param chart what the report draws: bin or category labels with the reference and current shares
 * @param referenceCount non-null values in reference (estimated from the sketch in sketch mode)
 * @param currentCount non-null values in current
 * @param newCategories every category new in current, by name (categorical; empty otherwise)
 * @param vanishedCategories every category gone from current, by name
 */
public record FeatureComparison(
    String feature,
    FeatureKind kind,
    Map<DriftStatistic, Double> values,
    Map<DriftStatistic, String> details,
    Optional<String> undefined,
    Chart chart,
    double referenceCount,
    double currentCount,
    List<String> newCategories,
    List<String> vanishedCategories) {

  public FeatureComparison {
    values = Collections.unmodifiableMap(new EnumMap<>(values.isEmpty() ? empty() : values));
    details = Collections.unmodifiableMap(details.isEmpty() ? Map.of() : new EnumMap<>(details));
    newCategories = List.copyOf(newCategories);
    vanishedCategories = List.copyOf(vanishedCategories);
  }

  /** A comparison without category names (numeric, or names not collected). */
  public FeatureComparison(
      String feature,
      FeatureKind kind,
      Map<DriftStatistic, Double> values,
      Map<DriftStatistic, String> details,
      Optional<String> undefined,
      Chart chart,
      double referenceCount,
      double currentCount) {
    this(
        feature,
        kind,
        values,
        details,
        undefined,
        chart,
        referenceCount,
        currentCount,
        List.of(),
        List.of());
  }

  private static EnumMap<DriftStatistic, Double> empty() {
    return new EnumMap<>(DriftStatistic.class);
  }

  /** A comparison that could not be made, with the reason. */
  public static FeatureComparison undefined(
      String feature, FeatureKind kind, String reason, double referenceCount, double currentCount) {
    return new FeatureComparison(
        feature,
        kind,
        Map.of(),
        Map.of(),
        Optional.of(reason),
        Chart.NONE,
        referenceCount,
        currentCount);
  }

  /** The value of {@code statistic}, if computed. */
  public Optional<Double> value(DriftStatistic statistic) {
    return Optional.ofNullable(values.get(statistic));
  }

  /**
   * Reference and current shares per bin or category, as drawn in the report.
   *
   * @param labels one per bar pair
   * @param reference reference shares
   * @param current current shares
   */
  public record Chart(List<String> labels, double[] reference, double[] current) {
    /** No chart (an undefined comparison). */
    public static final Chart NONE = new Chart(List.of(), new double[0], new double[0]);

    public Chart {
      labels = List.copyOf(labels);
    }
  }
}
