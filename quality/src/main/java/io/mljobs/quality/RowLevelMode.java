package io.mljobs.quality;

/**
 * What row-level checks (completeness, range, non-negative, allowed-values, pattern, referential,
 * sql) do with offending rows.
 */
public enum RowLevelMode {
  /** A failed row-level check fails the gate like any other check; nothing is promoted. */
  FAIL,
  /**
   * Offending rows of strict row-level checks (threshold 1.0) go to {@code quarantine.<name>} and
   * the other rows are promoted; such a check never blocks the gate. Row-level checks with a
   * tolerance (threshold below 1.0) and dataset-level checks still gate.
   */
  QUARANTINE
}
