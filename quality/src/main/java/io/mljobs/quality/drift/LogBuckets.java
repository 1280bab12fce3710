package io.mljobs.quality.drift;

/**
 * The sketch of sketch mode: each value falls into the bucket of its sign, binary exponent and top
 * {@code bits} mantissa bits (a DDSketch-like log histogram with relative width {@code 2^-bits}),
 * and each bucket is represented by the midpoint of the smallest and largest value in it over both
 * sides. Bucket counts are sums of integers and the representative a min and a max, so the result
 * does not depend on partitioning, file layout or merge order (unlike KLL sketches); a value moves
 * by at most {@code 2^-(bits+1)} of itself; integers up to {@code 2^(bits+1)} keep their own
 * bucket, so small discrete columns are exact.
 */
public final class LogBuckets {
  /** Default mantissa bits: buckets 0.1% wide, values moved by at most 0.05%. */
  public static final int DEFAULT_BITS = 10;

  private LogBuckets() {}

  /**
   * The bucket of {@code value}, or null for null and NaN (missing). -0.0 and 0.0 share a bucket.
   */
  public static Long key(Double value, int bits) {
    if (value == null || value.isNaN()) {
      return null;
    }
    double v = value == 0.0 ? 0.0 : value;
    // Arithmetic shift keeps the sign bit: negative values get negative keys of their own.
    return Double.doubleToLongBits(v) >> (52 - bits);
  }
}
