package io.mljobs.jobs.publish;

/**
 * Called by {@code publish-snowflake} after a publication's staging table is filled and before the
 * apply transaction starts. Production runs use {@link #NONE}; crash tests inject a hook that
 * reports the staging table and blocks, so the JVM can be killed at exactly that point.
 */
@FunctionalInterface
public interface AfterStaging {
  /** Does nothing. */
  AfterStaging NONE = staging -> {};

  /** The rows of this run are all in {@code staging}; the target is not yet touched. */
  void staged(SnowflakeTable staging);
}
