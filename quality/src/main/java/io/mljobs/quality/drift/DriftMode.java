package io.mljobs.quality.drift;

/** How numeric distributions are taken. */
public enum DriftMode {
  /**
   * Exact when both sides have at most {@code exact-max-rows} rows and the counts exact mode would
   * collect, (reference rows + current rows) x numeric features, are at most {@code
   * exact-max-values}; sketch above (the default). The mode used is recorded per feature.
   */
  AUTO,
  /**
   * Log-bucket sketches ({@link LogBuckets}): one grouped aggregation over both sides for all
   * numeric columns, at most a few thousand buckets per column reach the driver; deterministic
   * (independent of file layout), values moved by at most 0.05% of themselves by default.
   */
  SKETCH,
  /**
   * Exact value counts (one grouped aggregation over both sides for all numeric columns); equals
   * SciPy, but collects every distinct value to the driver: for small data.
   */
  EXACT;

  /** The stored name ({@code exact}, {@code sketch}). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
