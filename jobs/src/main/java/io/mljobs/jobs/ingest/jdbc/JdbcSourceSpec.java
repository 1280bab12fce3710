package io.mljobs.jobs.ingest.jdbc;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Secret;
import io.mljobs.common.config.Settings;
import io.mljobs.common.schema.ColumnSpec;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.source.JdbcUrl;
import io.mljobs.common.table.TableRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;

/**
 * A table or query of a JDBC database, declared in config ({@code mljobs.sources.<name>} with
 * {@code type = jdbc}):
 *
 * <pre>
 * customers {
 *   type = jdbc
 *   url = "jdbc:postgresql://127.0.0.1:55432/mljobs"
 *   user = mljobs
 *   password = ${?MLJOBS_PG_PASSWORD}      # or password-file = /run/secrets/pg
 *   table = "public.customers"             # or query = "SELECT ... FROM ..."
 *   key-columns = [customer_id]            # bronze is upserted (merged) on these
 *   watermark-column = updated_at          # incremental: only rows at or after bronze's maximum
 *   mode = incremental                     # or full-refresh: bronze replaced by the whole source
 *   partition-column = created_at          # parallel read; bounds from SELECT min(), max()
 *   num-partitions = 4
 *   schema = customers
 * }
 * </pre>
 *
 * @param name source name
 * @param url the JDBC URL, without credentials
 * @param user database user
 * @param password the password, from the environment or a secret file
 * @param passwordSource where the password comes from (an environment variable or a file), for
 *     messages when it is refused
 * @param table the table to read ({@code schema.table}, checked by {@link
 *     JdbcIdentifiers#tableParts}), or empty when {@code query} is set
 * @param query a SELECT to read instead of a table (one statement: no {@code ;}), or empty
 * @param keyColumns the columns bronze is merged on; rows with a missing key are quarantined
 * @param watermarkColumn a column that grows when a row changes (timestamp, date or whole number);
 *     required by incremental mode
 * @param watermarkLookback how far before bronze's maximum watermark an incremental run starts
 *     reading (timestamp watermarks only), for rows whose transaction commits late
 * @param mode incremental (merge the rows at or after the watermark) or full-refresh (replace
 *     bronze with every row)
 * @param partitionColumn a numeric, date or timestamp column to split the read on, or empty for one
 *     connection
 * @param numPartitions parallel reads when {@code partitionColumn} is set
 * @param fetchSize rows per round trip
 * @param connectTimeout bound on connecting and logging in
 * @param driver the JDBC driver class, or empty to pick the driver that accepts the URL
 * @param properties further driver properties, as given (sslmode, ApplicationName, ...)
 * @param schema the declared schema, with the key columns made required
 * @param bronze target table
 * @param quarantine table for rejected rows
 */
public record JdbcSourceSpec(
    String name,
    JdbcUrl url,
    String user,
    Secret password,
    String passwordSource,
    Optional<String> table,
    Optional<String> query,
    List<String> keyColumns,
    Optional<String> watermarkColumn,
    Duration watermarkLookback,
    Mode mode,
    Optional<String> partitionColumn,
    int numPartitions,
    int fetchSize,
    Duration connectTimeout,
    Optional<String> driver,
    Map<String, String> properties,
    DeclaredSchema schema,
    TableRef bronze,
    TableRef quarantine) {

  /** How a run loads the source into bronze. */
  public enum Mode {
    /** Merge the rows whose watermark is at or after bronze's maximum (all rows the first time). */
    INCREMENTAL,
    /** Read every row and replace bronze with them in one commit. */
    FULL_REFRESH
  }

  /** Default parallel reads. */
  public static final int DEFAULT_NUM_PARTITIONS = 4;

  /** Default rows per round trip. */
  public static final int DEFAULT_FETCH_SIZE = 10_000;

  /** Default bound on connecting and logging in. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final List<String> CREDENTIAL_PROPERTIES = List.of("user", "password");

  public JdbcSourceSpec {
    keyColumns = List.copyOf(keyColumns);
    properties = Map.copyOf(properties);
  }

  /** Where the rows come from, for messages: {@code table public.customers} or {@code query}. */
  public String describeRelation() {
    return table.map(t -> "table " + t).orElse("query");
  }

  /** The config key that names the relation ({@code ...table} or {@code ...query}). */
  public String relationKey() {
    return "mljobs.sources." + name + (table.isPresent() ? ".table" : ".query");
  }

  /** Reads one source section; {@code schemas} is {@code mljobs.schemas}. */
  public static JdbcSourceSpec from(String name, Settings source, Settings schemas) {
    source.string("type");
    source.declare(List.of("description"));
    JdbcUrl url = JdbcUrl.parse(source.string("url"), source.fullKey("url"));
    String user = source.string("user");
    if (source.optionalString("password").isPresent()
        && source.optionalString("password-file").isPresent()) {
      throw new ConfigError(
          source.fullKey("password-file"),
          "Source '"
              + name
              + "' has both "
              + source.fullKey("password")
              + " (from "
              + source.secretSource("password")
              + ") and "
              + source.fullKey("password-file")
              + ": keep one, e.g. unset the environment variable or drop the file key.");
    }
    Secret password = source.secret("password");
    String passwordSource = source.secretSource("password");

    Optional<String> table = source.optionalString("table").map(String::trim);
    Optional<String> query = source.optionalString("query").map(JdbcSourceSpec::withoutSemicolon);
    if (table.isPresent() && query.isPresent()) {
      throw new ConfigError(
          source.fullKey("query"),
          "Source '"
              + name
              + "' sets both "
              + source.fullKey("table")
              + " and "
              + source.fullKey("query")
              + ": keep one (a table to read whole, or a SELECT).");
    }
    if (table.isEmpty() && query.isEmpty()) {
      throw new ConfigError(
          source.fullKey("table"),
          "Source '"
              + name
              + "' names nothing to read: set "
              + source.fullKey("table")
              + " (e.g. \"public.customers\") or "
              + source.fullKey("query")
              + " (a SELECT).");
    }
    if (table.isPresent() && table.get().isEmpty() || query.isPresent() && query.get().isEmpty()) {
      String key = source.fullKey(table.isPresent() ? "table" : "query");
      throw new ConfigError(key, "Config key '" + key + "' is empty.");
    }
    // Nothing from config reaches SQL unchecked: a table is a name, a query one statement.
    table.ifPresent(t -> JdbcIdentifiers.tableParts(t, source.fullKey("table")));
    query.ifPresent(q -> JdbcIdentifiers.query(q, source.fullKey("query")));

    DeclaredSchema declared =
        DeclaredSchema.from(source.string("schema"), schemas, source.fullKey("schema"));
    // Every declared column is quoted into the projection each read goes through.
    for (String column : declared.columnNames()) {
      JdbcIdentifiers.column(column, schemas.fullKey(declared.name()) + ".columns");
    }
    List<String> keys = source.strings("key-columns", List.of());
    if (keys.isEmpty()) {
      throw new ConfigError(
          source.fullKey("key-columns"),
          "Config key '"
              + source.fullKey("key-columns")
              + "' must name the column(s) bronze is merged on, e.g. key-columns = [id].");
    }
    for (String key : keys) {
      column(declared, key, source.fullKey("key-columns"));
    }

    Optional<String> watermark = source.optionalString("watermark-column");
    DataType watermarkType = null;
    if (watermark.isPresent()) {
      watermarkType = column(declared, watermark.get(), source.fullKey("watermark-column")).type();
      if (!(watermarkType.equals(DataTypes.TimestampType)
          || watermarkType.equals(DataTypes.DateType)
          || isWholeNumber(watermarkType))) {
        throw new ConfigError(
            source.fullKey("watermark-column"),
            "Config key '"
                + source.fullKey("watermark-column")
                + "' names '"
                + watermark.get()
                + "', declared as "
                + watermarkType.simpleString()
                + "; a watermark must be a timestamp, a date or a whole number that grows when a"
                + " row changes.");
      }
    }
    Duration lookback = source.duration("watermark-lookback", Duration.ZERO);
    if (lookback.isNegative()
        || !lookback.isZero() && !DataTypes.TimestampType.equals(watermarkType)) {
      throw new ConfigError(
          source.fullKey("watermark-lookback"),
          "Config key '"
              + source.fullKey("watermark-lookback")
              + "' must be a positive duration such as 10m, and applies to a timestamp"
              + " watermark-column only.");
    }

    Mode mode = source.choice("mode", Mode.class, Mode.INCREMENTAL);
    if (mode == Mode.INCREMENTAL && watermark.isEmpty()) {
      throw new ConfigError(
          source.fullKey("watermark-column"),
          "Source '"
              + name
              + "' is incremental but has no "
              + source.fullKey("watermark-column")
              + ": name the column that grows when a row changes (e.g. updated_at), or set "
              + source.fullKey("mode")
              + " = full-refresh.");
    }

    Optional<String> partition = source.optionalString("partition-column");
    if (partition.isPresent()) {
      DataType type = column(declared, partition.get(), source.fullKey("partition-column")).type();
      if (!(type instanceof NumericType
          || type.equals(DataTypes.DateType)
          || type.equals(DataTypes.TimestampType))) {
        throw new ConfigError(
            source.fullKey("partition-column"),
            "Config key '"
                + source.fullKey("partition-column")
                + "' names '"
                + partition.get()
                + "', declared as "
                + type.simpleString()
                + "; reads split on a numeric, date or timestamp column.");
      }
    } else if (source.has("num-partitions")) {
      throw new ConfigError(
          source.fullKey("num-partitions"),
          "Config key '"
              + source.fullKey("num-partitions")
              + "' needs "
              + source.fullKey("partition-column")
              + " (the numeric, date or timestamp column to split the read on).");
    }
    int numPartitions = source.integer("num-partitions", DEFAULT_NUM_PARTITIONS, 1);

    Map<String, String> properties = source.stringMap("properties");
    for (String property : properties.keySet()) {
      if (CREDENTIAL_PROPERTIES.contains(property.toLowerCase(Locale.ROOT))) {
        throw new ConfigError(
            source.fullKey("properties." + property),
            "Config key '"
                + source.fullKey("properties." + property)
                + "' is not allowed: set "
                + source.fullKey("user")
                + " and "
                + source.fullKey("password")
                + " (from the environment) or "
                + source.fullKey("password-file")
                + " instead.");
      }
    }
    Duration connectTimeout = source.duration("connect-timeout", DEFAULT_CONNECT_TIMEOUT);
    if (connectTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigError(
          source.fullKey("connect-timeout"),
          "Config key '" + source.fullKey("connect-timeout") + "' must be at least 1s.");
    }

    return new JdbcSourceSpec(
        name,
        url,
        user,
        password,
        passwordSource,
        table,
        query,
        keys,
        watermark,
        lookback,
        mode,
        partition,
        numPartitions,
        source.integer("fetch-size", DEFAULT_FETCH_SIZE, 1),
        connectTimeout,
        source.optionalString("driver"),
        properties,
        withRequiredKeys(declared, keys),
        TableRef.parse(
            source.string("bronze-table", "bronze." + name), source.fullKey("bronze-table")),
        TableRef.parse(
            source.string("quarantine-table", "quarantine." + name),
            source.fullKey("quarantine-table")));
  }

  private static ColumnSpec column(DeclaredSchema schema, String column, String key) {
    return schema.columns().stream()
        .filter(c -> c.name().equals(column))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigError(
                    key,
                    "Config key '"
                        + key
                        + "' names column '"
                        + column
                        + "', which schema '"
                        + schema.name()
                        + "' does not declare"
                        + NearestNames.didYouMean(column, schema.columnNames())
                        + ". Declared columns: "
                        + schema.columnNames()
                        + "."));
  }

  /** A key is what a row is merged on: a row without one cannot be placed, so it is rejected. */
  private static DeclaredSchema withRequiredKeys(DeclaredSchema schema, List<String> keys) {
    List<ColumnSpec> columns = new ArrayList<>();
    for (ColumnSpec c : schema.columns()) {
      columns.add(
          keys.contains(c.name()) ? new ColumnSpec(c.name(), c.type(), false, c.format()) : c);
    }
    return schema.withColumns(columns);
  }

  private static boolean isWholeNumber(DataType type) {
    return type.equals(DataTypes.ByteType)
        || type.equals(DataTypes.ShortType)
        || type.equals(DataTypes.IntegerType)
        || type.equals(DataTypes.LongType)
        || type instanceof DecimalType decimal && decimal.scale() == 0;
  }

  private static String withoutSemicolon(String query) {
    String trimmed = query.trim();
    while (trimmed.endsWith(";")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1).trim();
    }
    return trimmed;
  }
}
