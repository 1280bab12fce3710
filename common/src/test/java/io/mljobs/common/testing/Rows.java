package io.mljobs.common.testing;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Small inline DataFrames for transform tests. */
public final class Rows {
  private Rows() {}

  /** One row from values. */
  public static Row row(Object... values) {
    return RowFactory.create(values);
  }

  /** A DataFrame with a DDL schema ("id INT, name STRING") and the given rows. */
  public static Dataset<Row> frame(SparkSession spark, String ddlSchema, Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), StructType.fromDDL(ddlSchema));
  }

  /** A DataFrame with the given schema and rows. */
  public static Dataset<Row> frame(SparkSession spark, StructType schema, List<Row> rows) {
    return spark.createDataFrame(rows, schema);
  }
}
