package io.mljobs.quality;

/** Outcome of one check. */
public enum CheckStatus {
  /** The check held. */
  SUCCESS,
  /** An error-level check failed: the gate is closed. */
  FAILURE,
  /** A warning-level check failed: reported, never fatal. */
  WARNING,
  /** A row-level check failed in quarantine mode: its offending rows were routed to quarantine. */
  QUARANTINED,
  /**
   * An anomaly check had too few earlier runs in the metrics history to judge this one; its metric
   * was recorded for the next runs. Never fatal.
   */
  NO_HISTORY;

  /** Lower-case name as written in result tables. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
