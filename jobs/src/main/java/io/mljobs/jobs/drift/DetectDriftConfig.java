package io.mljobs.jobs.drift;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import io.mljobs.common.table.TableRef;
import io.mljobs.jobs.quality.DateSelection;
import io.mljobs.quality.QualitySettings;
import io.mljobs.quality.drift.DriftMode;
import io.mljobs.quality.drift.DriftOptions;
import io.mljobs.quality.drift.DriftStatistic;
import io.mljobs.quality.drift.DriftThresholds;
import io.mljobs.quality.drift.FeatureKind;
import io.mljobs.quality.drift.LearnedThresholds;
import io.mljobs.quality.drift.NumericBinning;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Config of {@code detect-drift} ({@code mljobs.jobs.detect-drift}); see README, "Drift".
 *
 * @param datasets what to compare, validated
 * @param options mode (auto: exact within exact-max-rows and exact-max-values, else sketch), sketch
 *     bits, binning, log base and top-K categories
 * @param learned learned thresholds
 * @param failOnDrift exit with code 4 when a dataset drifts
 * @param report write the HTML report
 * @param quality where the drift and quality tables live
 * @param dates which dates' partitions are compared, each with its own reference ({@code from},
 *     {@code to}, {@code dates}; see {@link DateSelection})
 */
public record DetectDriftConfig(
    List<DriftDataset> datasets,
    DriftOptions options,
    LearnedThresholds learned,
    boolean failOnDrift,
    boolean report,
    QualitySettings quality,
    DateSelection dates) {

  /**
   * One dataset to watch.
   *
   * @param name its name in reports and {@code quality.drift}
   * @param table the table read on both sides
   * @param dateColumn the date partition column (current = the run date's partition)
   * @param reference where the reference comes from
   * @param columns columns to compare (empty: every column of the current schema not starting with
   *     {@code _} whose kind can be inferred)
   * @param exclude columns never compared
   * @param kinds kind per column, overriding inference (numeric types numeric; strings, booleans
   *     categorical)
   * @param thresholds the dataset's thresholds
   * @param columnThresholds per-column thresholds
   * @param driftShare share of drifted features from which the dataset drifts
   */
  public record DriftDataset(
      String name,
      TableRef table,
      Optional<String> dateColumn,
      DriftReference reference,
      List<String> columns,
      List<String> exclude,
      Map<String, FeatureKind> kinds,
      DriftThresholds thresholds,
      Map<String, DriftThresholds> columnThresholds,
      double driftShare) {

    /** The thresholds of {@code column}. */
    public DriftThresholds thresholdsOf(String column) {
      return columnThresholds.getOrDefault(column, thresholds);
    }
  }

  static DetectDriftConfig from(Settings mljobs, String jobName) {
    Settings own = mljobs.section("jobs").sectionOrEmpty(jobName);
    DriftOptions options = options(own);
    DriftThresholds thresholds =
        DriftThresholds.DEFAULTS.overriddenBy(own.sectionOrEmpty("thresholds"));
    double share = share(own, "dataset-drift-share", 0.5);
    Map<String, Settings> declared = own.namedSections("datasets");
    List<String> only = own.strings("only", List.copyOf(declared.keySet()));
    List<DriftDataset> datasets = new ArrayList<>();
    for (Map.Entry<String, Settings> e : declared.entrySet()) {
      DriftDataset d = dataset(e.getKey(), e.getValue(), thresholds, share);
      if (only.contains(e.getKey())) {
        datasets.add(d);
      }
    }
    for (String name : only) {
      if (!declared.containsKey(name)) {
        throw new ConfigError(
            own.fullKey("only"),
            "Config key '"
                + own.fullKey("only")
                + "' names '"
                + name
                + "', which is not declared under "
                + own.fullKey("datasets")
                + NearestNames.didYouMean(name, declared.keySet())
                + ".");
      }
    }
    if (datasets.isEmpty()) {
      throw new ConfigError(
          own.fullKey("datasets"),
          jobName
              + " has nothing to compare: declare "
              + own.fullKey("datasets")
              + ".<name> { table = ..., date-column = ..., reference { type = ... } }.");
    }
    DetectDriftConfig config =
        new DetectDriftConfig(
            datasets,
            options,
            learned(own.sectionOrEmpty("learned")),
            own.bool("fail-on-drift", false),
            own.bool("report", true),
            QualitySettings.from(mljobs),
            DateSelection.from(own));
    own.rejectUnknownKeys();
    return config;
  }

  /**
   * Mode, exact-max-rows, exact-max-values, sketch-bits, binning, log-base and top-k (defaults:
   * README, Drift).
   */
  private static DriftOptions options(Settings own) {
    DriftOptions d = DriftOptions.DEFAULTS;
    DriftMode mode = own.choice("mode", DriftMode.class, d.mode());
    long exactMaxRows = own.longValue("exact-max-rows", d.exactMaxRows(), 0);
    long exactMaxValues = own.longValue("exact-max-values", d.exactMaxValues(), 0);
    int bits = own.integer("sketch-bits", d.sketchBits(), 1);
    if (bits > 40) {
      throw new ConfigError(
          own.fullKey("sketch-bits"),
          "Config key '"
              + own.fullKey("sketch-bits")
              + "' must be in 1..40 (mantissa bits of the sketch's buckets), but is "
              + bits
              + ".");
    }
    NumericBinning binning;
    try {
      binning = NumericBinning.parse(own.string("binning", d.binning().label()));
    } catch (IllegalArgumentException e) {
      throw new ConfigError(
          own.fullKey("binning"),
          "Config key '" + own.fullKey("binning") + "' " + e.getMessage() + ".");
    }
    String base = own.string("log-base", "2").trim();
    double logBase;
    if (base.equals("e")) {
      logBase = Math.E;
    } else {
      try {
        logBase = Double.parseDouble(base);
      } catch (NumberFormatException e) {
        logBase = Double.NaN;
      }
      if (!(logBase > 1)) {
        throw new ConfigError(
            own.fullKey("log-base"),
            "Config key '"
                + own.fullKey("log-base")
                + "' must be e or a number above 1 (2: bits, e: as Evidently), but is '"
                + base
                + "'.");
      }
    }
    return new DriftOptions(
        mode,
        exactMaxRows,
        exactMaxValues,
        bits,
        binning,
        logBase,
        own.integer("top-k", d.topK(), 1));
  }

  private static DriftDataset dataset(
      String name, Settings s, DriftThresholds defaults, double defaultShare) {
    TableRef table = TableRef.parse(s.string("table"), s.fullKey("table"));
    Optional<String> partition = s.optionalString("date-column");
    DriftReference reference = DriftReference.from(s.section("reference"), partition.isPresent());
    Map<String, FeatureKind> kinds = new LinkedHashMap<>();
    Settings kindSection = s.sectionOrEmpty("kinds");
    for (String column : kindSection.config().root().keySet()) {
      kinds.put(column, kindSection.choice(quote(column), FeatureKind.class, FeatureKind.NUMERIC));
    }
    DriftThresholds thresholds = defaults.overriddenBy(s.sectionOrEmpty("thresholds"));
    Map<String, DriftThresholds> perColumn = new LinkedHashMap<>();
    s.namedSections("column-thresholds")
        .forEach((column, section) -> perColumn.put(column, thresholds.overriddenBy(section)));
    return new DriftDataset(
        name,
        table,
        partition,
        reference,
        s.strings("columns", List.of()),
        s.strings("exclude", List.of()),
        kinds,
        thresholds,
        perColumn,
        share(s, "dataset-drift-share", defaultShare));
  }

  private static String quote(String key) {
    return com.typesafe.config.ConfigUtil.quoteString(key);
  }

  private static double share(Settings s, String key, double defaultValue) {
    double v = s.number(key, defaultValue);
    if (!(v > 0 && v <= 1)) {
      throw new ConfigError(
          s.fullKey(key),
          "Config key '" + s.fullKey(key) + "' must be a share in (0, 1], but is " + v + ".");
    }
    return v;
  }

  private static LearnedThresholds learned(Settings s) {
    Set<DriftStatistic> statistics = new HashSet<>();
    for (String name : s.strings("statistics", List.of())) {
      DriftStatistic statistic = null;
      for (DriftStatistic candidate : DriftStatistic.values()) {
        if (candidate.key().equals(name.trim()) || candidate.label().equals(name.trim())) {
          statistic = candidate;
        }
      }
      List<String> allowed = new ArrayList<>();
      for (DriftStatistic candidate : DriftStatistic.values()) {
        if (candidate.higherIsWorse()) {
          allowed.add(candidate.key());
        }
      }
      if (statistic == null || !statistic.higherIsWorse()) {
        throw new ConfigError(
            s.fullKey("statistics"),
            "Config key '"
                + s.fullKey("statistics")
                + "' names '"
                + name
                + "', which cannot learn a"
                + " threshold (p-values are compared with a fixed level). Use one of "
                + allowed
                + NearestNames.didYouMean(name, allowed)
                + ".");
      }
      statistics.add(statistic);
    }
    double k = s.number("k", 3.0);
    if (!(k > 0)) {
      throw new ConfigError(
          s.fullKey("k"), "Config key '" + s.fullKey("k") + "' must be positive.");
    }
    return new LearnedThresholds(
        statistics, k, s.integer("min-history", 5, 2), s.integer("window", 30, 2));
  }
}
