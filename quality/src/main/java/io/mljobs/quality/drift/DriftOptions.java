package io.mljobs.quality.drift;

/**
 * How {@link DriftAnalysis} computes distributions and statistics.
 *
 * @param mode auto (exact while both sides fit {@code exactMaxRows} and the values to collect fit
 *     {@code exactMaxValues}), exact or sketch
 * @param exactMaxRows in auto mode, the most rows a side may have for exact numeric distributions
 * @param exactMaxValues in auto mode, the most (side, feature, value) counts exact distributions
 *     may bring to the driver, counted as (reference rows + current rows) x numeric features: the
 *     driver holds every distinct value of every numeric feature in exact mode
 * @param sketchBits mantissa bits of the log buckets of sketch mode ({@link LogBuckets})
 * @param binning numeric bins of PSI and Jensen–Shannon
 * @param logBase logarithm base of Jensen–Shannon (2, or {@link Math#E})
 * @param topK categories kept per categorical feature (the rest is "(other)")
 */
public record DriftOptions(
    DriftMode mode,
    long exactMaxRows,
    long exactMaxValues,
    int sketchBits,
    NumericBinning binning,
    double logBase,
    int topK) {
  /** The defaults of {@code reference.conf}. */
  public static final DriftOptions DEFAULTS =
      new DriftOptions(
          DriftMode.AUTO,
          1_000_000,
          2_000_000,
          LogBuckets.DEFAULT_BITS,
          NumericBinning.DEFAULT,
          2.0,
          1000);

  public DriftOptions {
    if (sketchBits < 1 || sketchBits > 40) {
      throw new IllegalArgumentException("sketch bits must be in 1..40, but is " + sketchBits);
    }
  }

  public DriftOptions withMode(DriftMode m) {
    return new DriftOptions(m, exactMaxRows, exactMaxValues, sketchBits, binning, logBase, topK);
  }

  public DriftOptions withTopK(int k) {
    return new DriftOptions(mode, exactMaxRows, exactMaxValues, sketchBits, binning, logBase, k);
  }

  public DriftOptions withBinning(NumericBinning b, double base) {
    return new DriftOptions(mode, exactMaxRows, exactMaxValues, sketchBits, b, base, topK);
  }

  public DriftOptions withExactMaxRows(long rows) {
    return new DriftOptions(mode, rows, exactMaxValues, sketchBits, binning, logBase, topK);
  }

  public DriftOptions withExactMaxValues(long values) {
    return new DriftOptions(mode, exactMaxRows, values, sketchBits, binning, logBase, topK);
  }
}
