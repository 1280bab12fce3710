package io.mljobs.common.schema;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 *   { name = event_date, expr = "to_date(event_ts)" }   # computed (see ComputedColumn)
 * ]
 * </pre>
 *
 * @param name the schema's name
 * @param columns the columns records deliver, in order
 * @param computed columns computed from them by Spark SQL expressions, in order
 */
public record DeclaredSchema(String name, List<ColumnSpec> columns, List<ComputedColumn> computed) {
  private static final List<String> COLUMN_KEYS =
      List.of("name", "type", "nullable", "format", "description", "expr");

  private static final List<String> COMPUTED_KEYS = List.of("name", "expr", "type", "description");

  /** The types a {@code format} applies to. */
  private static final List<DataType> TEMPORAL =
      List.of(DataTypes.DateType, DataTypes.TimestampType, DataTypes.TimestampNTZType);

  public DeclaredSchema {
    columns = List.copyOf(columns);
    computed = List.copyOf(computed);
  }

  /** A schema without computed columns. */
  public DeclaredSchema(String name, List<ColumnSpec> columns) {
    this(name, columns, List.of());
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
    List<Map.Entry<String, com.typesafe.config.Config>> computedEntries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<? extends com.typesafe.config.Config> entries = schema.config().getConfigList("columns");
    schema.declare(List.of("columns", "description"));
    for (int i = 0; i < entries.size(); i++) {
      com.typesafe.config.Config column = entries.get(i);
      String key = schema.fullKey("columns") + "[" + i + "]";
      if (column.hasPath("expr")) {
        // Computed: checked once every delivered column is known (it may read any of them).
        if (!column.hasPath("name")) {
          throw new ConfigError(key, "Config entry '" + key + "' needs a name and an expr.");
        }
        if (!seen.add(column.getString("name"))) {
          throw new ConfigError(
              key,
              "Column '"
                  + column.getString("name")
                  + "' is declared twice in "
                  + schema.path()
                  + ".");
        }
        computedEntries.add(Map.entry(key, column));
        continue;
      }
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
    DeclaredSchema declared = new DeclaredSchema(name, columns);
    for (Map.Entry<String, com.typesafe.config.Config> entry : computedEntries) {
      declared = declared.withComputed(computed(entry.getKey(), entry.getValue()), entry.getKey());
    }
    return declared;
  }

  private static ComputedColumn computed(String key, com.typesafe.config.Config column) {
    for (String columnKey : column.root().keySet()) {
      if (!COMPUTED_KEYS.contains(columnKey)) {
        throw new ConfigError(
            key + "." + columnKey,
            "Config key '"
                + key
                + "."
                + columnKey
                + "' does not apply to a computed column (one with an expr). A computed column"
                + " takes "
                + COMPUTED_KEYS
                + ".");
      }
    }
    return new ComputedColumn(
        column.getString("name"),
        column.getString("expr"),
        column.hasPath("type") ? parseType(column.getString("type"), key + ".type") : null);
  }

  /**
   * This schema with {@code column} computed after its other columns, checked before Spark starts:
   * the name is new, the expression parses and reads only columns the row has by then (the
   * delivered ones and earlier computed ones). Problems are {@link ConfigError}s naming {@code key}
   * (or {@code key.expr}).
   */
  public DeclaredSchema withComputed(ComputedColumn column, String key) {
    List<String> available = outputColumnNames();
    if (available.contains(column.name())) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' computes column '"
              + column.name()
              + "', which schema '"
              + name
              + "' already has. Name the computed column differently.");
    }
    SqlExpressions.check(column.expr(), available, key + ".expr");
    List<ComputedColumn> all = new ArrayList<>(computed);
    all.add(column);
    return new DeclaredSchema(name, columns, all);
  }

  /** This schema with other delivered columns (e.g. key columns made required), same computed. */
  public DeclaredSchema withColumns(List<ColumnSpec> newColumns) {
    return new DeclaredSchema(name, newColumns, computed);
  }

  /** The columns a conformed row carries: the delivered ones, then the computed ones. */
  public List<String> outputColumnNames() {
    List<String> names = new ArrayList<>(columnNames());
    computed.forEach(c -> names.add(c.name()));
    return names;
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

  /** The delivered columns' names (not the computed ones: see {@link #outputColumnNames}). */
  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }
}
