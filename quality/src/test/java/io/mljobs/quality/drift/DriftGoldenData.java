package io.mljobs.quality.drift;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The generated columns of {@code golden.py}'s {@code sketch_cases}, regenerated bit for bit: the
 * same splitmix64 uniforms, turned into values with IEEE-exact operations only (division, sqrt,
 * rint, floor, min), so Java and NumPy produce the very same doubles.
 */
final class DriftGoldenData {
  private DriftGoldenData() {}

  /**
   * splitmix64 (Steele, Lea, Flood 2014) as doubles in (0, 1): {@code ((z >>> 11) + 0.5) / 2^53}.
   */
  static double[] uniforms(long seed, int n) {
    double[] out = new double[n];
    long state = seed;
    for (int i = 0; i < n; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      out[i] = ((z >>> 11) + 0.5) / 9007199254740992.0;
    }
    return out;
  }

  /** One side of a generated case: {@code {"seed": .., "n": .., "scale": ..}} of {@code kind}. */
  static double[] side(String kind, JsonNode side) {
    double[] u = uniforms(side.get("seed").asLong(), side.get("n").asInt());
    double scale = side.get("scale").asDouble();
    double[] x = new double[u.length];
    for (int i = 0; i < u.length; i++) {
      x[i] =
          switch (kind) {
            case "lomax_amount" ->
                Math.min(5000.0, Math.rint(100.0 * scale * (1.0 / Math.sqrt(u[i]) - 1.0)) / 100.0);
            case "zeta_count" -> Math.min(10000.0, Math.floor(scale / u[i]));
            case "small_int" -> Math.floor(6.0 * u[i]);
            default -> throw new IllegalArgumentException(kind);
          };
    }
    return x;
  }

  static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }
}
