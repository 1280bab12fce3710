package io.mljobs.common.schema;

import java.util.Objects;
import org.apache.spark.sql.types.DataType;

/**
 * One declared column.
 *
 * @param name column name
 * @param type Spark type (from a DDL type name: string, int, bigint, double, decimal(12,2),
 *     boolean, date, timestamp)
 * @param nullable false makes a missing value a quarantine reason
 * @param format parse pattern for date and timestamp columns (Spark datetime pattern), or null for
 *     ISO-8601
 */
public record ColumnSpec(String name, DataType type, boolean nullable, String format) {
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
