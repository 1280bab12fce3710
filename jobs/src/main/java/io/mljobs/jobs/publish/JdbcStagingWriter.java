package io.mljobs.jobs.publish;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DecimalType;

/**
 * Stages rows with Spark's JDBC writer and the Snowflake JDBC driver: each partition sends
 * array-bound INSERT batches of {@code batch-size} rows. No isolation level is requested (the
 * driver commits each batch; the staging table is private to the run and re-created by a retry).
 */
public final class JdbcStagingWriter implements StagingWriter {
  /**
   * The driver uploads a batch to a stage (PUT) instead of binding it once it holds more binds than
   * this (Snowflake's CLIENT_STAGE_ARRAY_BINDING_THRESHOLD default), and fakesnow has no PUT; so
   * batches stay under it.
   */
  static final int MAX_BINDS_PER_BATCH = 65_280;

  private final SnowflakeConnectionSpec connection;
  private final int batchSize;

  public JdbcStagingWriter(SnowflakeConnectionSpec connection, int batchSize) {
    this.connection = connection;
    this.batchSize = batchSize;
  }

  /** The batch size used for {@code columns} columns: the configured one, capped by the binds. */
  static int effectiveBatchSize(int configured, int columns) {
    return Math.max(1, Math.min(configured, MAX_BINDS_PER_BATCH / Math.max(1, columns)));
  }

  /**
   * Decimals travel as their exact text: the driver binds a BigDecimal as FIXED, which Snowflake
   * converts but fakesnow reads as an integer (and fails on "1.50"); Snowflake converts a text bind
   * into the NUMBER(p,s) staging column without loss.
   */
  static Dataset<Row> bindable(Dataset<Row> rows) {
    Column[] columns =
        Arrays.stream(rows.schema().fields())
            .map(
                f ->
                    f.dataType() instanceof DecimalType
                        ? col("`" + f.name() + "`").cast("string").as(f.name())
                        : col("`" + f.name() + "`"))
            .toArray(Column[]::new);
    return rows.select(columns);
  }

  @Override
  public void write(Dataset<Row> rows, SnowflakeTable staging) {
    int batch = effectiveBatchSize(batchSize, rows.columns().length);
    // The options hold the credential; Spark masks options whose names match this in plans and
    // the UI (its default covers url only; password is masked by spark.redaction.regex).
    rows.sparkSession()
        .conf()
        .set("spark.sql.redaction.options.regex", "(?i)url|password|private_key");
    bindable(rows)
        .write()
        .format("jdbc")
        .option("url", connection.url().url())
        .option("driver", "net.snowflake.client.jdbc.SnowflakeDriver")
        .option("dbtable", staging.sql())
        .option("batchsize", batch)
        .option("isolationLevel", "NONE")
        .options(connection.driverOptions())
        .mode(SaveMode.Append)
        .save();
  }
}
