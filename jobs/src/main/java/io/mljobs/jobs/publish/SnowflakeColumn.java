package io.mljobs.jobs.publish;

import io.mljobs.common.error.JobFailure;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A column of a published table with its Snowflake type, derived from the Spark schema.
 *
 * @param name the column, upper case
 * @param type the Snowflake type as written in DDL ({@code NUMBER(12,2)}, {@code VARCHAR})
 * @param family the type family that {@code INFORMATION_SCHEMA.COLUMNS.DATA_TYPE} reports ({@code
 *     NUMBER}, {@code TEXT}, {@code FLOAT}, {@code BOOLEAN}, {@code DATE}, {@code TIMESTAMP_NTZ},
 *     {@code BINARY})
 */
public record SnowflakeColumn(SnowflakeIdentifier name, String type, String family) {

  /** The Snowflake columns of {@code schema}; {@code source} names the table for messages. */
  public static List<SnowflakeColumn> of(StructType schema, String source) {
    List<SnowflakeColumn> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (!SnowflakeIdentifier.isValid(field.name())) {
        throw new JobFailure(
            SnowflakeIdentifier.invalid(field.name(), "Column '" + field.name() + "' of " + source)
                + " Or leave it out with the publication's columns = [...].");
      }
      columns.add(of(new SnowflakeIdentifier(field.name()), field.dataType(), source));
    }
    return columns;
  }

  private static SnowflakeColumn of(SnowflakeIdentifier name, DataType t, String source) {
    if (t instanceof ByteType
        || t instanceof ShortType
        || t instanceof IntegerType
        || t instanceof LongType) {
      return new SnowflakeColumn(name, "NUMBER(38,0)", "NUMBER");
    }
    if (t instanceof DecimalType d) {
      return new SnowflakeColumn(name, "NUMBER(" + d.precision() + "," + d.scale() + ")", "NUMBER");
    }
    if (t instanceof FloatType || t instanceof DoubleType) {
      return new SnowflakeColumn(name, "FLOAT", "FLOAT");
    }
    if (t instanceof StringType) {
      return new SnowflakeColumn(name, "VARCHAR", "TEXT");
    }
    if (t instanceof BooleanType) {
      return new SnowflakeColumn(name, "BOOLEAN", "BOOLEAN");
    }
    if (t instanceof DateType) {
      return new SnowflakeColumn(name, "DATE", "DATE");
    }
    if (t instanceof TimestampType || t instanceof TimestampNTZType) {
      return new SnowflakeColumn(name, "TIMESTAMP_NTZ", "TIMESTAMP_NTZ");
    }
    if (t instanceof BinaryType) {
      return new SnowflakeColumn(name, "BINARY", "BINARY");
    }
    throw new JobFailure(
        "Column "
            + name
            + " of "
            + source
            + " has type "
            + t.simpleString()
            + ", which publish-snowflake cannot write. Leave it out with the publication's columns"
            + " = [...] or publish a view of the table that turns it into a string (to_json).");
  }

  /** {@code "NAME" TYPE} for DDL. */
  public String ddl() {
    return name.sql() + " " + type;
  }
}
