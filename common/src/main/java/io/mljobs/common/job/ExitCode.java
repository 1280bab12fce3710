package io.mljobs.common.job;

/**
 * Process exit codes of every mljobs command. Airflow DAGs branch on them, so they never change
 * meaning; new outcomes get new numbers.
 */
public enum ExitCode {
  /** The job did its work (or had nothing to do). */
  OK(0),
  /** A runtime fault: a source was unreachable, a write failed, a bug. Safe to retry. */
  JOB_FAILED(1),
  /** Bad command line or config: retrying will not help until it is fixed. */
  BAD_CONFIG(2),
  /** A quality gate had a failed error-level check; nothing was published. */
  QUALITY_GATE_FAILED(3),
  /** Monitoring recommends retraining (drift or accuracy decay); the run itself succeeded. */
  RETRAIN_RECOMMENDED(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The numeric process exit status. */
  public int code() {
    return code;
  }
}
