package io.mljobs.jobs.publish;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Stages rows with the spark-snowflake connector (files to Snowflake's internal stage, then COPY
 * INTO the staging table): the path for production volume. The connector only fills the staging
 * table; the apply transaction and the publish log are the same as on the JDBC path, so the
 * connector's missing MERGE and partition overwrite do not matter here.
 *
 * <p>Cannot run against fakesnow (no PUT to a stage); covered by tests of {@link #options} and by a
 * live smoke test that runs when a Snowflake account is configured.
 */
public final class ConnectorStagingWriter implements StagingWriter {
  /** The connector's data source name. */
  public static final String FORMAT = "net.snowflake.spark.snowflake";

  private final SnowflakeConnectionSpec connection;
  private final Map<String, String> extra;

  public ConnectorStagingWriter(SnowflakeConnectionSpec connection, Map<String, String> extra) {
    this.connection = connection;
    this.extra = Map.copyOf(extra);
  }

  /**
   * The connector options for writing into {@code staging} (credentials included: hand them to the
   * writer only). The staging table already exists with explicit DDL, so the connector must keep it
   * ({@code usestagingtable=off}: no connector-side swap; {@code truncate_table=off}; column
   * mapping by name).
   */
  public Map<String, String> options(SnowflakeTable staging) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("sfURL", sfUrl(connection.url().url()));
    o.put("sfUser", connection.user());
    connection.password().ifPresent(p -> o.put("sfPassword", p.reveal()));
    connection
        .privateKeyPem()
        .ifPresent(k -> o.put("pem_private_key", SnowflakeConnectionSpec.base64Der(k)));
    o.put("sfDatabase", staging.database().name());
    o.put("sfSchema", staging.schema().name());
    connection.warehouse().ifPresent(w -> o.put("sfWarehouse", w));
    connection.role().ifPresent(r -> o.put("sfRole", r));
    o.put("dbtable", staging.table().name());
    o.put("usestagingtable", "off");
    o.put("truncate_table", "off");
    o.put("column_mapping", "name");
    o.put("keep_column_case", "off");
    o.putAll(extra);
    return o;
  }

  /**
   * {@code jdbc:snowflake://acct.snowflakecomputing.com/?db=X} -> {@code
   * acct.snowflakecomputing.com}.
   */
  static String sfUrl(String jdbcUrl) {
    String rest = jdbcUrl.substring("jdbc:snowflake://".length());
    int end = rest.length();
    for (char stop : new char[] {'/', '?'}) {
      int i = rest.indexOf(stop);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return rest.substring(0, end);
  }

  @Override
  public void write(Dataset<Row> rows, SnowflakeTable staging) {
    rows.write().format(FORMAT).options(options(staging)).mode(SaveMode.Append).save();
  }
}
