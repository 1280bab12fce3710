package io.mljobs.jobs.publish;

import io.mljobs.common.config.ConfigError;

/**
 * A fully qualified Snowflake table, {@code DATABASE.SCHEMA.TABLE}.
 *
 * @param database the database
 * @param schema the schema
 * @param table the table
 */
public record SnowflakeTable(
    SnowflakeIdentifier database, SnowflakeIdentifier schema, SnowflakeIdentifier table) {

  /**
   * Parses {@code TABLE}, {@code SCHEMA.TABLE} or {@code DATABASE.SCHEMA.TABLE} from config key
   * {@code key}; missing parts come from the connection's database and schema.
   */
  public static SnowflakeTable parse(
      String text, String key, SnowflakeIdentifier defaultDatabase, SnowflakeIdentifier schema) {
    String[] parts = text.trim().split("\\.", -1);
    if (parts.length > 3) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' must be TABLE, SCHEMA.TABLE or DATABASE.SCHEMA.TABLE, but is '"
              + text
              + "'.");
    }
    for (String part : parts) {
      if (!SnowflakeIdentifier.isValid(part)) {
        throw new ConfigError(
            key, SnowflakeIdentifier.invalid(text, "Each part of config key '" + key + "'"));
      }
    }
    int n = parts.length;
    return new SnowflakeTable(
        n == 3 ? new SnowflakeIdentifier(parts[0]) : defaultDatabase,
        n >= 2 ? new SnowflakeIdentifier(parts[n - 2]) : schema,
        new SnowflakeIdentifier(parts[n - 1]));
  }

  /** A table in the same database and schema. */
  public SnowflakeTable sibling(SnowflakeIdentifier name) {
    return new SnowflakeTable(database, schema, name);
  }

  /** The quoted, qualified name used in SQL. */
  public String sql() {
    return database.sql() + "." + schema.sql() + "." + table.sql();
  }

  @Override
  public String toString() {
    return database + "." + schema + "." + table;
  }
}
