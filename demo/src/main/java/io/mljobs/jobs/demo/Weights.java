package io.mljobs.jobs.demo;

/** A fixed discrete distribution over indexes 0..n-1, sampled from one uniform draw. */
final class Weights {

  private final double[] cumulative;

  private Weights(double[] cumulative) {
    this.cumulative = cumulative;
  }

  static Weights of(double... weights) {
    double[] cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] < 0) {
        throw new IllegalArgumentException("negative weight at " + i);
      }
      sum += weights[i];
      cumulative[i] = sum;
    }
    if (sum <= 0) {
      throw new IllegalArgumentException("weights must not all be zero");
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
    return new Weights(cumulative);
  }

  /** Index for a uniform value {@code u} in [0, 1); zero-weight indexes are never returned. */
  int index(double u) {
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    int last = cumulative.length - 1;
    while (last > 0 && cumulative[last] == cumulative[last - 1]) {
      last--;
    }
    return last;
  }

  int index(DemoRandom random) {
    return index(random.nextDouble());
  }

  int size() {
    return cumulative.length;
  }
}
