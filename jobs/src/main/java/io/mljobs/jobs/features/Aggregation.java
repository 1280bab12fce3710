package io.mljobs.jobs.features;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The aggregations a windowed feature may compute, written in kebab-case in config. */
public enum Aggregation {
  /** Number of events (of non-null values when a column is given), 0 when none: long. */
  COUNT,
  /** Sum of the column's values as double; null when none. */
  SUM,
  /** Mean of the column's values as double; null when none. */
  AVG,
  /** Smallest value, in the column's type; null when none. */
  MIN,
  /** Largest value, in the column's type; null when none. */
  MAX,
  /** Sample standard deviation (n - 1) as double; null with fewer than 2 values. */
  STDDEV,
  /** Number of distinct non-null values: long, 0 when none. */
  DISTINCT_COUNT,
  /** The non-null value of the latest event in the window (ties: the largest value). */
  LAST,
  /** Seconds (double) from the entity's latest earlier event in the window; null when none. */
  TIME_SINCE_PREVIOUS;

  /** The config name, e.g. {@code distinct-count}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Every config name, in declaration order (for messages). */
  public static List<String> keys() {
    return Arrays.stream(values()).map(Aggregation::key).toList();
  }

  /** Whether the aggregation reads a column ({@code count} may, the time since previous never). */
  boolean needsColumn() {
    return this != COUNT && this != TIME_SINCE_PREVIOUS;
  }
}
