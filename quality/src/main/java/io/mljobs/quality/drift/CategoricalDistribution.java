package io.mljobs.quality.drift;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A categorical column's distribution, bounded: the counts of the top-K categories (ranked over
 * both sides together) and one "other" bucket with the rest. Nulls are not part of it.
 *
 * @param counts count per kept category, in rank order
 * @param other rows whose category is beyond the top-K
 * @param otherCategories how many distinct categories the "other" bucket holds
 */
public record CategoricalDistribution(Map<String, Long> counts, long other, long otherCategories) {
  /** Name of the bucket that holds the categories beyond the top-K, in reports. */
  public static final String OTHER = "(other)";

  public CategoricalDistribution {
    counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  /** Exact counts with no "other" bucket. */
  public static CategoricalDistribution of(Map<String, Long> counts) {
    return new CategoricalDistribution(counts, 0, 0);
  }

  /** Rows counted (kept categories plus "other"). */
  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum() + other;
  }

  public boolean isEmpty() {
    return total() == 0;
  }

  /** Count of {@code category} (0 when absent). */
  public long count(String category) {
    return counts.getOrDefault(category, 0L);
  }
}
