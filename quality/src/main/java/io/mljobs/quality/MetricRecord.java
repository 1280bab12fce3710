package io.mljobs.quality;

/**
 * One metric Deequ computed, in Deequ's terms.
 *
 * @param entity Dataset, Column or Multicolumn
 * @param instance the column(s) or predicate the metric is about ({@code *} for the dataset)
 * @param name the metric ({@code Completeness}, {@code Size}, {@code ApproxQuantile-0.5}, ...)
 * @param value its value
 */
public record MetricRecord(String entity, String instance, String name, double value) {}
