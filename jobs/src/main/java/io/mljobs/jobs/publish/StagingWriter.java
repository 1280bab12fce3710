package io.mljobs.jobs.publish;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Moves a Dataset's rows into the run's staging table, which already exists (created with explicit
 * Snowflake DDL) and is empty. One interface, two write paths: {@link JdbcStagingWriter} and {@link
 * ConnectorStagingWriter}. What happens after staging (the one apply transaction) is the same for
 * both.
 */
public interface StagingWriter {
  /** Appends {@code rows} (columns named and ordered like the staging table) to {@code staging}. */
  void write(Dataset<Row> rows, SnowflakeTable staging);
}
