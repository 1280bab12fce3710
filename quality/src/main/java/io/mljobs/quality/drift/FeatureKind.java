package io.mljobs.quality.drift;

/** How a column is compared: as numbers on a line, or as labels. */
public enum FeatureKind {
  NUMERIC,
  CATEGORICAL;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
