package io.mljobs.quality.drift;

import java.util.Locale;

/**
 * The statistics drift detection reports, with the direction in which a value is worse. Names are
 * what {@code quality.drift} stores ({@code psi}, {@code ks_pvalue}); config keys are kebab-case
 * ({@code ks-pvalue}).
 */
public enum DriftStatistic {
  /** Population Stability Index over reference-quantile bins (numeric) or categories. */
  PSI(true),
  /** Kolmogorov–Smirnov statistic (numeric). */
  KS_STATISTIC(true),
  /** Kolmogorov–Smirnov two-sided p-value (numeric); low means drift. */
  KS_PVALUE(false),
  /** Wasserstein-1 distance, in the column's units (numeric). */
  WASSERSTEIN(true),
  /**
   * Wasserstein-1 divided by the reference's standard deviation (at least 0.001), Evidently's
   * "normed" Wasserstein: an effect size in reference standard deviations (numeric).
   */
  WASSERSTEIN_NORMED(true),
  /** Jensen–Shannon distance, base 2, in [0, 1]. */
  JENSEN_SHANNON(true),
  /** L∞ distance (Deequ's {@code Distance}): of CDFs (numeric) or of category shares. */
  LINF(true),
  /** Pearson's χ² statistic (categorical). */
  CHI2_STATISTIC(true),
  /** Pearson's χ² p-value (categorical); low means drift. */
  CHI2_PVALUE(false),
  /** Categories in current but not in reference (categorical); their names in the detail. */
  NEW_CATEGORIES(true),
  /** Categories in reference but not in current (categorical); their names in the detail. */
  VANISHED_CATEGORIES(true),
  /**
   * Change of the missing-value share (null, and NaN for numbers): |current share - reference
   * share|, each over all rows of its side; the two shares in the detail.
   */
  MISSING_SHARE(true);

  private final boolean higherIsWorse;

  DriftStatistic(boolean higherIsWorse) {
    this.higherIsWorse = higherIsWorse;
  }

  /** True when a larger value means more drift; false for p-values. */
  public boolean higherIsWorse() {
    return higherIsWorse;
  }

  /** The name stored in {@code quality.drift}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The config key ({@code ks-pvalue}). */
  public String key() {
    return label().replace('_', '-');
  }

  /** Whether {@code value} is beyond {@code threshold} in this statistic's bad direction. */
  public boolean beyond(double value, double threshold) {
    return higherIsWorse ? value > threshold : value < threshold;
  }
}
