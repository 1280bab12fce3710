package io.mljobs.jobs.publish;

/**
 * The SQL that applies {@code merge} mode. Both give the same result because keys are checked to be
 * unique (and not null) before anything is written.
 */
public enum MergeStatement {
  /**
   * {@code DELETE ... WHERE key IN (SELECT key FROM staging)} then {@code INSERT}: runs on
   * Snowflake and on fakesnow, whose MERGE cannot share a transaction with other writes.
   */
  DELETE_INSERT,
  /** Snowflake's {@code MERGE INTO ... WHEN MATCHED ... WHEN NOT MATCHED}: real Snowflake only. */
  MERGE
}
