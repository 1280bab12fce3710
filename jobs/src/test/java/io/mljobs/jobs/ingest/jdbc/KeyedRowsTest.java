package io.mljobs.jobs.ingest.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mljobs.common.testing.SharedSpark;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class KeyedRowsTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType)
          .add("version", DataTypes.IntegerType)
          .add("value", DataTypes.StringType);

  private static Dataset<Row> rows(SparkSession spark, Object[]... values) {
    return spark.createDataFrame(
        java.util.Arrays.stream(values).map(RowFactory::create).toList(), SCHEMA);
  }

  private static List<String> collect(Dataset<Row> rows) {
    return rows.orderBy("id").collectAsList().stream()
        .map(r -> r.getString(0) + ":" + r.get(1) + ":" + r.getString(2))
        .toList();
  }

  @Test
  void keepsTheLatestVersionOfEachKey(SparkSession spark) {
    Dataset<Row> input =
        rows(
            spark,
            new Object[] {"a", 1, "old"},
            new Object[] {"a", 3, "newest"},
            new Object[] {"a", null, "unknown"},
            new Object[] {"b", 2, "only"},
            new Object[] {"c", 5, "x"},
            new Object[] {"c", 5, "y"});
    Dataset<Row> latest =
        KeyedRows.latestPerKey(
            input, List.of("id"), Optional.of("version"), List.of("id", "version", "value"));
    assertEquals(List.of("a:3:newest", "b:2:only", "c:5:y"), collect(latest));
    assertEquals(List.of("id", "version", "value"), List.of(latest.columns()));
  }

  @Test
  void withoutAnOrderColumnTheTieBreakDecides(SparkSession spark) {
    Dataset<Row> input =
        rows(
            spark,
            new Object[] {"a", 1, "p"},
            new Object[] {"a", 1, "q"},
            new Object[] {"b", 1, "r"});
    assertEquals(
        List.of("a:1:q", "b:1:r"),
        collect(
            KeyedRows.latestPerKey(
                input, List.of("id"), Optional.empty(), List.of("id", "version", "value"))));
  }
}
