package io.mljobs.quality;

import io.mljobs.common.table.TableRef;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One declared data-quality check of a dataset ({@code mljobs.datasets.<name>.checks[i]}), parsed
 * and validated before Spark starts by {@link DatasetSpecs}. One record per check type; {@link
 * QualityChecks} turns them into Deequ constraints.
 *
 * <p>Row-level checks ({@link #rowLevel()}) judge each row on its own, so their offending rows can
 * be quarantined; the others judge the dataset as a whole.
 */
public sealed interface CheckSpec {

  /** Unique name within the dataset (config key {@code name}, or derived from type and column). */
  String name();

  Severity severity();

  /** The config spelling of the type ({@code allowed-values}). */
  String type();

  /** Columns of the checked table this check reads (validated against the table's schema). */
  List<String> columns();

  /** True when each row passes or fails on its own. */
  default boolean rowLevel() {
    return false;
  }

  /**
   * The share of rows that must pass a row-level check; 1.0 means every row. A row-level check with
   * a lower threshold tolerates some offending rows, so it gates instead of quarantining.
   */
  default double threshold() {
    return 1.0;
  }

  /** What the check expects, in words, for reports. */
  String expectation();

  /** Every check type, in config spelling. */
  List<String> TYPES =
      List.of(
          "completeness",
          "uniqueness",
          "range",
          "non-negative",
          "allowed-values",
          "pattern",
          "quantile",
          "row-count",
          "freshness",
          "referential",
          "sql",
          "anomaly");

  /** Share of non-null values of {@code column} at least {@code min}. */
  record Completeness(String name, Severity severity, String column, double min)
      implements CheckSpec {
    @Override
    public String type() {
      return "completeness";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public boolean rowLevel() {
      return true;
    }

    @Override
    public double threshold() {
      return min;
    }

    @Override
    public String expectation() {
      return "share of non-null " + column + " >= " + min;
    }
  }

  /** Share of rows whose key ({@code columns}) occurs once, at least {@code min}. */
  record Uniqueness(String name, Severity severity, List<String> columns, double min)
      implements CheckSpec {
    public Uniqueness {
      columns = List.copyOf(columns);
    }

    @Override
    public String type() {
      return "uniqueness";
    }

    @Override
    public String expectation() {
      return "share of rows with a unique " + String.join(", ", columns) + " >= " + min;
    }
  }

  /** Non-null values within [{@code min}, {@code max}] (either bound optional). */
  record Range(
      String name,
      Severity severity,
      String column,
      Optional<Double> min,
      Optional<Double> max,
      double minFraction)
      implements CheckSpec {
    @Override
    public String type() {
      return "range";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public boolean rowLevel() {
      return true;
    }

    @Override
    public double threshold() {
      return minFraction;
    }

    @Override
    public String expectation() {
      return column
          + " in ["
          + min.map(Checks::number).orElse("-inf")
          + ", "
          + max.map(Checks::number).orElse("+inf")
          + "]"
          + Checks.fractionSuffix(minFraction);
    }
  }

  /** Non-null values of {@code column} at least 0. */
  record NonNegative(String name, Severity severity, String column, double minFraction)
      implements CheckSpec {
    @Override
    public String type() {
      return "non-negative";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public boolean rowLevel() {
      return true;
    }

    @Override
    public double threshold() {
      return minFraction;
    }

    @Override
    public String expectation() {
      return column + " >= 0" + Checks.fractionSuffix(minFraction);
    }
  }

  /** Non-null values of {@code column} among {@code values}. */
  record AllowedValues(
      String name, Severity severity, String column, List<String> values, double minFraction)
      implements CheckSpec {
    public AllowedValues {
      values = List.copyOf(values);
    }

    @Override
    public String type() {
      return "allowed-values";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public boolean rowLevel() {
      return true;
    }

    @Override
    public double threshold() {
      return minFraction;
    }

    @Override
    public String expectation() {
      return column + " in " + values + Checks.fractionSuffix(minFraction);
    }
  }

  /** Non-null values of {@code column} contain a match of {@code regex} (Java syntax). */
  record Pattern(String name, Severity severity, String column, String regex, double minFraction)
      implements CheckSpec {
    @Override
    public String type() {
      return "pattern";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public boolean rowLevel() {
      return true;
    }

    @Override
    public double threshold() {
      return minFraction;
    }

    @Override
    public String expectation() {
      return column + " matches /" + regex + "/" + Checks.fractionSuffix(minFraction);
    }
  }

  /** The approximate {@code quantile} of {@code column} within [{@code min}, {@code max}]. */
  record Quantile(
      String name,
      Severity severity,
      String column,
      double quantile,
      Optional<Double> min,
      Optional<Double> max)
      implements CheckSpec {
    @Override
    public String type() {
      return "quantile";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public String expectation() {
      return "approx. quantile "
          + quantile
          + " of "
          + column
          + " in ["
          + min.map(Checks::number).orElse("-inf")
          + ", "
          + max.map(Checks::number).orElse("+inf")
          + "]";
    }
  }

  /** Number of rows within [{@code min}, {@code max}]. */
  record RowCount(String name, Severity severity, Optional<Long> min, Optional<Long> max)
      implements CheckSpec {
    @Override
    public String type() {
      return "row-count";
    }

    @Override
    public List<String> columns() {
      return List.of();
    }

    @Override
    public String expectation() {
      return "row count in ["
          + min.map(String::valueOf).orElse("0")
          + ", "
          + max.map(String::valueOf).orElse("+inf")
          + "]";
    }
  }

  /**
   * The latest {@code column} (timestamp or date) no older than {@code maxAge} at the run's end.
   */
  record Freshness(String name, Severity severity, String column, Duration maxAge)
      implements CheckSpec {
    @Override
    public String type() {
      return "freshness";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public String expectation() {
      return "max "
          + column
          + " no older than "
          + Checks.duration(maxAge)
          + " at the run date's end";
    }
  }

  /**
   * Non-null values of {@code column} present in {@code refColumn} of {@code table}. Row-level: a
   * row passes or fails by its own key, so in quarantine mode exactly the rows whose key is missing
   * are quarantined.
   */
  record Referential(
      String name,
      Severity severity,
      String column,
      TableRef table,
      String refColumn,
      double minFraction)
      implements CheckSpec {
    @Override
    public String type() {
      return "referential";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public boolean rowLevel() {
      return true;
    }

    @Override
    public double threshold() {
      return minFraction;
    }

    @Override
    public String expectation() {
      return column + " found in " + table + "." + refColumn + Checks.fractionSuffix(minFraction);
    }
  }

  /** Rows for which the SQL {@code predicate} is true, at least {@code minFraction}. */
  record Sql(String name, Severity severity, String predicate, double minFraction)
      implements CheckSpec {
    public Sql {
      Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    public String type() {
      return "sql";
    }

    @Override
    public List<String> columns() {
      return List.of(); // validated by analysing the predicate against the table
    }

    @Override
    public boolean rowLevel() {
      return true;
    }

    @Override
    public double threshold() {
      return minFraction;
    }

    @Override
    public String expectation() {
      return "(" + predicate + ")" + Checks.fractionSuffix(minFraction);
    }
  }

  /**
   * The newest value of {@code metric} (of {@code column} for column metrics) is no anomaly against
   * the metrics history of earlier runs, judged by {@code strategy}; the first runs (fewer than
   * {@code minHistory} earlier ones) report {@link CheckStatus#NO_HISTORY}.
   *
   * @param window the last this many earlier runs form the baseline; 0 means all of them
   * @param excludeRuns earlier runs carrying any of these tags are left out of the history (e.g.
   *     {@code catch-up=true}, {@code gate=failed})
   */
  record Anomaly(
      String name,
      Severity severity,
      String metric,
      Optional<String> column,
      AnomalyStrategy strategy,
      int minHistory,
      int window,
      List<RunTag> excludeRuns)
      implements CheckSpec {
    public Anomaly {
      excludeRuns = List.copyOf(excludeRuns);
    }

    /** Every earlier run, the strategy's default window. */
    public Anomaly(
        String name,
        Severity severity,
        String metric,
        Optional<String> column,
        AnomalyStrategy strategy,
        int minHistory) {
      this(
          name,
          severity,
          metric,
          column,
          strategy,
          minHistory,
          strategy.defaultWindow(),
          List.of());
    }

    /** A tag of a run's result key in the metrics history ({@code catch-up=true}). */
    public record RunTag(String key, String value) {
      @Override
      public String toString() {
        return key + "=" + value;
      }
    }

    /** Metrics judged over the whole dataset. */
    public static final List<String> DATASET_METRICS = List.of("row-count");

    /** Metrics of one column. */
    public static final List<String> COLUMN_METRICS =
        List.of(
            "completeness",
            "approx-count-distinct",
            "mean",
            "minimum",
            "maximum",
            "sum",
            "standard-deviation");

    /** Column metrics that need a numeric column. */
    public static final List<String> NUMERIC_METRICS =
        List.of("mean", "minimum", "maximum", "sum", "standard-deviation");

    /** Every metric, in config spelling. */
    public static final List<String> METRICS =
        java.util.stream.Stream.concat(DATASET_METRICS.stream(), COLUMN_METRICS.stream()).toList();

    @Override
    public String type() {
      return "anomaly";
    }

    @Override
    public List<String> columns() {
      return column.map(List::of).orElse(List.of());
    }

    /** The metric and its column, as in {@code completeness(card_id)}. */
    public String subject() {
      return metric + column.map(c -> "(" + c + ")").orElse("");
    }

    @Override
    public String expectation() {
      return strategy.expectation(subject()) + " (" + strategy.label() + ")";
    }
  }

  /** Formatting shared by the records. */
  final class Checks {
    private Checks() {}

    static String number(double value) {
      return value == Math.rint(value) && Math.abs(value) < 1e15
          ? String.valueOf((long) value)
          : String.valueOf(value);
    }

    static String fractionSuffix(double minFraction) {
      return minFraction >= 1.0 ? " for every row" : " for >= " + minFraction + " of rows";
    }

    static String duration(Duration d) {
      if (d.toSeconds() % 86_400 == 0) {
        return d.toDays() + "d";
      }
      if (d.toSeconds() % 3_600 == 0) {
        return d.toHours() + "h";
      }
      return d.toSeconds() + "s";
    }
  }
}
