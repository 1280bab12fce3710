package io.mljobs.jobs.publish;

/** How rows reach the run's staging table in Snowflake. */
public enum WritePath {
  /** Spark's JDBC writer with the Snowflake JDBC driver (array-bound INSERT batches). */
  JDBC,
  /** The spark-snowflake connector (files to an internal stage, then COPY): production volume. */
  CONNECTOR
}
