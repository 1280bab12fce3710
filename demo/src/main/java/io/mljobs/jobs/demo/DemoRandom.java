package io.mljobs.jobs.demo;

/**
 * SplitMix64 random stream whose algorithm is fixed by this class, so generated data does not
 * depend on the JDK's random implementation. Transcendental functions go through {@link StrictMath}
 * for bit-identical results on every platform.
 */
final class DemoRandom {

  /** Purpose codes that separate independent streams derived from one seed. Never renumber. */
  static final long MERCHANTS = 1;

  static final long CRYPTO_MERCHANTS = 2;
  static final long CUSTOMERS = 3;
  static final long CUSTOMER_UPDATES = 4;
  static final long FEED_ROWS = 10;
  static final long FEED_MALFORMED = 11;

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  DemoRandom(long seed) {
    this.state = seed;
  }

  /** A stream for {@code seed} and the given path of parts, e.g. (purpose, feed, epochDay). */
  static DemoRandom forStream(long seed, long... parts) {
    return new DemoRandom(mixSeed(seed, parts));
  }

  static long mixSeed(long seed, long... parts) {
    long h = mix64(seed ^ 0x6d6c6a6f62732d64L);
    for (long part : parts) {
      h = mix64(h ^ mix64(part + GOLDEN_GAMMA));
    }
    return h;
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound); {@code bound} must be positive. */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Uniform in [from, to] (both inclusive). */
  int nextInt(int from, int to) {
    return from + nextInt(to - from + 1);
  }

  /** Standard normal via Box-Muller; always consumes exactly two values. */
  double nextGaussian() {
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }
}
