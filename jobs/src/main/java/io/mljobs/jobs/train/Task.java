package io.mljobs.jobs.train;

/** What a model predicts: a 0/1 label's probability, or a number. */
public enum Task {
  BINARY_CLASSIFICATION,
  REGRESSION;

  /** Its kebab-case config spelling. */
  public String kebab() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
