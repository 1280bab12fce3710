package io.mljobs.quality;

/**
 * The result of one check in one run.
 *
 * @param name the check's name within the dataset
 * @param type the check type ({@code completeness}, ...)
 * @param severity error or warning
 * @param status success, failure, warning or quarantined
 * @param metric the value Deequ measured (a share of rows, a count, a quantile; for freshness the
 *     latest event time in epoch seconds); null when it could not be computed
 * @param message empty on success; otherwise what was measured against what was expected
 * @param gating true when a failure of this check closes the gate (false for quarantining row-level
 *     checks)
 */
public record CheckOutcome(
    String name,
    String type,
    Severity severity,
    CheckStatus status,
    Double metric,
    String message,
    boolean gating) {

  /** True when this outcome closes the gate: a failed error-level gating check. */
  public boolean blocks() {
    return status == CheckStatus.FAILURE && gating;
  }
}
