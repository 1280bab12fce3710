package io.mljobs.quality.drift;

/**
 * How {@link DriftAnalysis} computes distributions and statistics.
 *
 * @param mode auto (exact while both sides fit {@code exactMaxRows}), exact or sketch
 * @param exactMaxRows in auto mode, the most rows a side may have for exact numeric distributions
 * @param sketchBits mantissa bits of the log buckets of sketch mode ({@link LogBuckets})
 * @param binning numeric bins of PSI and Jensen–Shannon
 * @param logBase logarithm base of Jensen–Shannon (2, or {@link Math#E})
 * @param topK categories kept per categorical feature (the rest is "(other)")
 */
public record DriftOptions(
    DriftMode mode,
    long exactMaxRows,
    int sketchBits,
    NumericBinning binning,
    double logBase,
    int topK) {
  /** The defaults of {@code reference.conf}. */
  public static final DriftOptions DEFAULTS =
      new DriftOptions(
          DriftMode.AUTO, 1_000_000, LogBuckets.DEFAULT_BITS, NumericBinning.DEFAULT, 2.0, 1000);

  public DriftOptions {
    if (sketchBits < 1 || sketchBits > 40) {
      throw new IllegalArgumentException("sketch bits must be in 1..40, but is " + sketchBits);
    }
  }

  public DriftOptions withMode(DriftMode m) {
    return new DriftOptions(m, exactMaxRows, sketchBits, binning, logBase, topK);
  }

  public DriftOptions withTopK(int k) {
    return new DriftOptions(mode, exactMaxRows, sketchBits, binning, logBase, k);
  }

  public DriftOptions withBinning(NumericBinning b, double base) {
    return new DriftOptions(mode, exactMaxRows, sketchBits, b, base, topK);
  }

  public DriftOptions withExactMaxRows(long rows) {
    return new DriftOptions(mode, rows, sketchBits, binning, logBase, topK);
  }
}
