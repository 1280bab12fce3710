package io.mljobs.common.schema;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A dataset's schema as declared in config ({@code mljobs.schemas.<name>}):
 *
 * <pre>
 * schemas.transactions.columns = [
 *   { name = transaction_id, type = string, nullable = false }
 *   { name = event_ts, type = timestamp, format = "yyyy-MM-dd'T'HH:mm:ssX" }
 *   { name = amount, type = "decimal(12,2)" }
 * ]
 * </pre>
 */
public record DeclaredSchema(String name, List<ColumnSpec> columns) {
  private static final List<String> COLUMN_KEYS =
      List.of("name", "type", "nullable", "format", "description");

  /** The types a {@code format} applies to. */
  private static final List<DataType> TEMPORAL =
      List.of(DataTypes.DateType, DataTypes.TimestampType, DataTypes.TimestampNTZType);

  public DeclaredSchema {
    columns = List.copyOf(columns);
  }

  /** Reads {@code mljobs.schemas.<name>}; {@code schemas} is the {@code mljobs.schemas} section. */
  public static DeclaredSchema from(String name, Settings schemas, String referencedBy) {
    if (!schemas.has(name)) {
      throw new ConfigError(
          referencedBy,
          "Config key '"
              + referencedBy
              + "' names schema '"
              + name
              + "', which is not declared under "
              + schemas.fullKey(name)
              + io.mljobs.common.config.NearestNames.didYouMean(
                  name, schemas.config().root().keySet())
              + ".");
    }
    Settings schema = schemas.section(name);
    List<ColumnSpec> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<? extends com.typesafe.config.Config> entries = schema.config().getConfigList("columns");
    schema.declare(List.of("columns", "description"));
    for (int i = 0; i < entries.size(); i++) {
      com.typesafe.config.Config column = entries.get(i);
      String key = schema.fullKey("columns") + "[" + i + "]";
      if (!column.hasPath("name") || !column.hasPath("type")) {
        throw new ConfigError(key, "Config entry '" + key + "' needs a name and a type.");
      }
      for (String columnKey : column.root().keySet()) {
        if (!COLUMN_KEYS.contains(columnKey)) {
          throw new ConfigError(
              key + "." + columnKey,
              "Unknown config key '"
                  + key
                  + "."
                  + columnKey
                  + "'"
                  + io.mljobs.common.config.NearestNames.didYouMean(columnKey, COLUMN_KEYS)
                  + ". A column takes "
                  + COLUMN_KEYS
                  + ".");
        }
      }
      String columnName = column.getString("name");
      if (!seen.add(columnName)) {
        throw new ConfigError(
            key, "Column '" + columnName + "' is declared twice in " + schema.path() + ".");
      }
      DataType type = parseType(column.getString("type"), key + ".type");
      if (column.hasPath("format") && !TEMPORAL.contains(type)) {
        throw new ConfigError(
            key + ".format",
            "Config key '"
                + key
                + ".format' is set, but column '"
                + columnName
                + "' is "
                + type.simpleString()
                + ": a format only applies to date, timestamp and timestamp_ntz columns. Remove"
                + " it or fix the type.");
      }
      columns.add(
          new ColumnSpec(
              columnName,
              type,
              !column.hasPath("nullable") || column.getBoolean("nullable"),
              column.hasPath("format") ? column.getString("format") : null));
    }
    if (columns.isEmpty()) {
      throw new ConfigError(
          schema.fullKey("columns"), "Schema '" + name + "' declares no columns.");
    }
    return new DeclaredSchema(name, columns);
  }

  static DataType parseType(String type, String key) {
    try {
      return DataType.fromDDL(type);
    } catch (RuntimeException e) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' has an unknown type '"
              + type
              + "'. Use a Spark SQL type: string, int, bigint, double, decimal(p,s), boolean, date,"
              + " timestamp.");
    }
  }

  /** The declared columns, all as nullable strings: how text formats are read before typing. */
  public StructType rawStringSchema() {
    StructType struct = new StructType();
    for (ColumnSpec column : columns) {
      struct = struct.add(column.name(), DataTypes.StringType, true);
    }
    return struct;
  }

  /** The declared columns with their types (all nullable, as files deliver them). */
  public StructType typedSchema() {
    StructType struct = new StructType();
    for (ColumnSpec column : columns) {
      struct = struct.add(column.name(), column.type(), true);
    }
    return struct;
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }
}
