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
  QUARANTINED;

  /** Lower-case name as written in result tables. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
