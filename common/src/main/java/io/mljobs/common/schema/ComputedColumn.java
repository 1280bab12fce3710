package io.mljobs.common.schema;

import java.util.Objects;
import org.apache.spark.sql.types.DataType;

/**
 * A column computed from the other columns of a row by a Spark SQL expression, declared in a schema
 * ({@code { name = event_date, expr = "to_date(event_ts)" }}) or by a source's {@code partition = {
 * column = ..., expr = ... }}. Computed columns follow the declared ones in bronze, in declaration
 * order; each may read the declared columns and the computed columns before it.
 *
 * @param name column name
 * @param expr the Spark SQL expression, over the typed declared columns
 * @param type the type the value is cast to, or null to keep the expression's own type
 */
public record ComputedColumn(String name, String expr, DataType type) {
  public ComputedColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expr, "expr");
  }
}
