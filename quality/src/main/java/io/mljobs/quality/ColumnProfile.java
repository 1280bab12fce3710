package io.mljobs.quality;

import java.util.List;

/**
 * Deequ's profile of one column, in Java types.
 *
 * @param column the column
 * @param inferredType {@code Integral}, {@code Fractional}, {@code Boolean}, {@code Date}, {@code
 *     Timestamp} (also for {@code timestamp_ntz}) or {@code String}: the schema's type, inferred
 *     from the values for string columns ({@link ColumnTypes}); {@code Unknown} only for a string
 *     column without values
 * @param completeness share of non-null values
 * @param approxDistinct approximate number of distinct values (HyperLogLog)
 * @param min minimum of a numeric column, earliest of a date or timestamp column (epoch seconds,
 *     UTC), else null
 * @param max maximum of a numeric column, latest of a date or timestamp column (epoch seconds,
 *     UTC), else null
 * @param mean mean of a numeric column, else null
 * @param stddev standard deviation of a numeric column, else null
 * @param quantiles approximate percentiles 1..100 of a numeric column, else empty
 * @param histogram value counts as JSON ({@code {"EUR":{"count":3,"ratio":0.5}}}), only for columns
 *     with at most the low-cardinality threshold of distinct values, else null
 */
public record ColumnProfile(
    String column,
    String inferredType,
    double completeness,
    long approxDistinct,
    Double min,
    Double max,
    Double mean,
    Double stddev,
    List<Double> quantiles,
    String histogram) {
  public ColumnProfile {
    quantiles = List.copyOf(quantiles);
  }
}
