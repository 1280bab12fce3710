package io.mljobs.common.schema;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Types raw records by a {@link DeclaredSchema} and says, per row, why it cannot be loaded. Pure:
 * {@code Dataset -> Dataset}, no IO. A row is rejected when its record was malformed, a value does
 * not parse as its declared type, or a required value is missing; every reason is kept, so a user
 * sees everything wrong with a row at once. Computed columns ({@link ComputedColumn}) follow the
 * declared ones.
 */
public final class SchemaConformer {
  /** Why the row is rejected ("; "-separated), null for a good row. */
  public static final String REASON = "_reject_reason";

  /** The first rule the row broke: malformed, type or required; null for a good row. */
  public static final String RULE = "_reject_rule";

  /**
   * The record as received, for rejected rows only (null for good rows): the raw line for malformed
   * rows, else the raw fields as JSON.
   */
  public static final String RAW = "_raw_record";

  /** Names of stage 1's typed columns; never in the output. */
  private static final String TYPED_PREFIX = "__mljobs_typed_";

  private SchemaConformer() {}

  /**
   * Adds the typed declared columns (replacing the raw ones), {@link #REASON}, {@link #RULE} and
   * {@link #RAW}. Other input columns (file name, offsets) pass through.
   *
   * @param raw the declared columns as read (strings for text formats), plus others
   * @param corruptColumn the reader's corrupt-record column, or null when the format has none
   */
  public static Dataset<Row> conform(
      Dataset<Row> raw, DeclaredSchema schema, String corruptColumn) {
    List<String> present = Arrays.asList(raw.columns());
    boolean hasCorrupt = corruptColumn != null && present.contains(corruptColumn);
    // Stage 1 types every declared column once, next to its raw value. Stage 2 reads both: the
    // reasons compare them and the output keeps the typed one. Two projections, not one, because
    // a typed value referenced twice in one projection (inside a short-circuit condition, which
    // subexpression elimination skips) would be parsed twice per row; Spark does not collapse a
    // projection into the next when that would duplicate such an expression.
    List<Column> stage1 = new ArrayList<>();
    for (String name : present) {
      stage1.add(col(quoted(name)));
    }
    List<String> typedNames = new ArrayList<>();
    for (int i = 0; i < schema.columns().size(); i++) {
      ColumnSpec column = schema.columns().get(i);
      String typedName = TYPED_PREFIX + i;
      typedNames.add(typedName);
      stage1.add(typed(raw.schema().apply(column.name()).dataType(), column).as(typedName));
    }
    Dataset<Row> typedRows = raw.select(stage1.toArray(Column[]::new));

    List<Column> reasons = new ArrayList<>();
    List<Column> rules = new ArrayList<>();
    if (hasCorrupt) {
      Column malformed = col(corruptColumn).isNotNull();
      reasons.add(when(malformed, lit("malformed record: does not parse as the declared columns")));
      rules.add(when(malformed, lit("malformed")));
    }
    List<Column> typeFailures = new ArrayList<>();
    List<Column> requiredFailures = new ArrayList<>();
    for (int i = 0; i < schema.columns().size(); i++) {
      ColumnSpec column = schema.columns().get(i);
      Column value = col(quoted(column.name()));
      Column badType = value.isNotNull().and(col(typedNames.get(i)).isNull());
      reasons.add(
          when(
              badType,
              concat_ws(
                  "",
                  lit(column.name() + ": '"),
                  functions.substring(value.cast(DataTypes.StringType), 1, 80),
                  lit("' is not a valid " + describe(column)))));
      typeFailures.add(badType);
      if (!column.nullable()) {
        Column missing = value.isNull();
        reasons.add(when(missing, lit(column.name() + ": required value is missing")));
        requiredFailures.add(missing);
      }
    }
    rules.add(when(anyOf(typeFailures), lit("type")));
    rules.add(when(anyOf(requiredFailures), lit("required")));
    Column rule = coalesce(rules.toArray(Column[]::new));
    Column reason = concat_ws("; ", reasons.toArray(Column[]::new));

    // The raw record is only kept for rejected rows: building it (and caching it) for every good
    // row doubled the size of an ingest batch for nothing.
    Column rawRecord =
        to_json(
            struct(schema.columnNames().stream().map(n -> col(quoted(n))).toArray(Column[]::new)));
    if (hasCorrupt) {
      rawRecord = coalesce(col(corruptColumn), rawRecord);
    }
    List<Column> stage2 = new ArrayList<>();
    for (String name : present) {
      int declared = schema.columnNames().indexOf(name);
      if (declared >= 0) {
        stage2.add(col(typedNames.get(declared)).as(name));
      } else if (!(hasCorrupt && name.equals(corruptColumn))) {
        stage2.add(col(quoted(name)));
      }
    }
    stage2.add(when(rule.isNotNull(), reason).as(REASON));
    stage2.add(rule.as(RULE));
    stage2.add(when(rule.isNotNull(), rawRecord).as(RAW));
    return withComputed(typedRows.select(stage2.toArray(Column[]::new)), schema);
  }

  /**
   * Adds the schema's computed columns, in order, over the typed columns (each may read the ones
   * before it). The one place ingest-files, ingest-stream and ingest-jdbc compute them, so an
   * event-date partition column ({@code partition = { column = event_date, expr = ... }}) means the
   * same for every source type.
   */
  public static Dataset<Row> withComputed(Dataset<Row> typed, DeclaredSchema schema) {
    Dataset<Row> result = typed;
    for (ComputedColumn column : schema.computed()) {
      Column value = functions.expr(column.expr());
      result =
          result.withColumn(
              column.name(), column.type() == null ? value : value.cast(column.type()));
    }
    return result;
  }

  private static Column typed(DataType actual, ColumnSpec column) {
    Column value = col(quoted(column.name()));
    DataType target = column.type();
    if (actual.equals(target)) {
      return value;
    }
    boolean fromText = actual.equals(DataTypes.StringType);
    if (fromText && column.format() != null && target.equals(DataTypes.TimestampType)) {
      return functions.call_function("try_to_timestamp", value, lit(column.format()));
    }
    if (fromText && column.format() != null && target.equals(DataTypes.TimestampNTZType)) {
      // Parsed as a wall-clock time in the session zone (UTC in every mljobs profile) and kept as
      // that wall-clock time.
      return functions
          .call_function("try_to_timestamp", value, lit(column.format()))
          .cast(DataTypes.TimestampNTZType);
    }
    if (fromText && column.format() != null && target.equals(DataTypes.DateType)) {
      return functions
          .call_function("try_to_timestamp", value, lit(column.format()))
          .cast(DataTypes.DateType);
    }
    // try_cast: null instead of an error (or a silent wrong value) whatever spark.sql.ansi.enabled
    // says.
    return functions.expr("try_cast(" + quoted(column.name()) + " AS " + target.sql() + ")");
  }

  private static Column anyOf(List<Column> conditions) {
    return conditions.stream().reduce(Column::or).orElse(lit(false));
  }

  private static String describe(ColumnSpec column) {
    String type = column.type().simpleString();
    return column.format() == null ? type : type + " (format " + column.format() + ")";
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
