package io.mljobs.quality;

/** How much a failed check matters: {@code error} blocks promotion, {@code warning} is reported. */
public enum Severity {
  ERROR,
  WARNING;

  /** Lower-case name as written in config and result tables. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
