package io.mljobs.quality.drift;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Drift thresholds per statistic: a value beyond its threshold (above, or below for p-values) is
 * drift; PSI also has a warning band. A statistic without a threshold is informational.
 *
 * <p>The defaults judge by effect size, as Evidently does at scale: normed Wasserstein and
 * Jensen–Shannon 0.1, PSI 0.25 (warning 0.1), missing share 0.05; the KS and χ² p-values (0.05)
 * judge only while both sides have at most {@code pvalue-max-rows} (1000) values, because at 10^5
 * rows they reject differences far too small to matter.
 *
 * <p>Config, at job, dataset or column level (each level overrides the one above): {@code
 * thresholds { psi = 0.25, psi-warning = 0.1, ks-pvalue = 0.05, chi2-pvalue = 0.05, jensen-shannon
 * = 0.1, wasserstein-normed = 0.1, missing-share = 0.05, pvalue-max-rows = 1000, wasserstein = off,
 * ... }}; {@code off} removes a threshold ({@code pvalue-max-rows = off}: p-values judge at any
 * size).
 */
public final class DriftThresholds {
  /** Effect sizes at any size; p-values up to 1000 values per side. */
  public static final DriftThresholds DEFAULTS =
      new DriftThresholds(
          Map.of(
              DriftStatistic.PSI, 0.25,
              DriftStatistic.KS_PVALUE, 0.05,
              DriftStatistic.CHI2_PVALUE, 0.05,
              DriftStatistic.JENSEN_SHANNON, 0.1,
              DriftStatistic.WASSERSTEIN_NORMED, 0.1,
              DriftStatistic.MISSING_SHARE, 0.05),
          0.1,
          1000);

  private final Map<DriftStatistic, Double> drift;
  private final double psiWarning;
  private final double pvalueMaxRows;

  private DriftThresholds(
      Map<DriftStatistic, Double> drift, double psiWarning, double pvalueMaxRows) {
    EnumMap<DriftStatistic, Double> copy = new EnumMap<>(DriftStatistic.class);
    copy.putAll(drift);
    this.drift = Collections.unmodifiableMap(copy);
    this.psiWarning = psiWarning;
    this.pvalueMaxRows = pvalueMaxRows;
  }

  /**
   * The most values a side may have for p-value thresholds to judge (infinite: always); above it a
   * p-value is informational.
   */
  public double pvalueMaxRows() {
    return pvalueMaxRows;
  }

  /** The drift threshold of {@code statistic}, if it has one. */
  public Optional<Double> drift(DriftStatistic statistic) {
    return Optional.ofNullable(drift.get(statistic));
  }

  /** PSI from which a feature is reported as a warning. */
  public double psiWarning() {
    return psiWarning;
  }

  /** These thresholds overridden by the keys present in {@code section}. */
  public DriftThresholds overriddenBy(Settings section) {
    EnumMap<DriftStatistic, Double> next = new EnumMap<>(DriftStatistic.class);
    next.putAll(drift);
    for (DriftStatistic s : DriftStatistic.values()) {
      read(section, s.key())
          .ifPresent(v -> v.ifPresentOrElse(x -> next.put(s, x), () -> next.remove(s)));
    }
    double warning =
        read(section, "psi-warning")
            .map(v -> v.orElse(Double.POSITIVE_INFINITY))
            .orElse(psiWarning);
    double maxRows =
        read(section, "pvalue-max-rows")
            .map(v -> v.orElse(Double.POSITIVE_INFINITY))
            .orElse(pvalueMaxRows);
    return new DriftThresholds(next, warning, maxRows);
  }

  /** Empty: key absent; Optional.empty inside: {@code off}. */
  private static Optional<Optional<Double>> read(Settings section, String key) {
    if (!section.has(key)) {
      return Optional.empty();
    }
    String raw = section.string(key).trim();
    if (raw.equals("off")) {
      return Optional.of(Optional.empty());
    }
    try {
      return Optional.of(Optional.of(Double.parseDouble(raw)));
    } catch (NumberFormatException e) {
      throw new ConfigError(
          section.fullKey(key),
          "Config key '"
              + section.fullKey(key)
              + "' must be a number or off, but is '"
              + raw
              + "'.");
    }
  }
}
