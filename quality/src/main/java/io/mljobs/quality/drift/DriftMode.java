package io.mljobs.quality.drift;

/** How numeric distributions are taken. */
public enum DriftMode {
  /**
   * KLL sketches (Deequ's {@code KLLSketch}), one scan per side for all numeric columns; bounded
   * memory, approximate.
   */
  SKETCH,
  /**
   * Exact value counts (one grouped aggregation over both sides for all numeric columns); equals
   * SciPy, but collects every distinct value to the driver: for validation and small data.
   */
  EXACT
}
