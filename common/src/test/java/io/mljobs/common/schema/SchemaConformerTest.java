package io.mljobs.common.schema;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mljobs.common.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Typing raw text by a declared schema, and the reasons a row is rejected. */
@ExtendWith(SharedSpark.class)
class SchemaConformerTest {
  private static final DeclaredSchema SCHEMA =
      new DeclaredSchema(
          "payments",
          List.of(
              new ColumnSpec("id", DataTypes.StringType, false, null),
              new ColumnSpec("ts", DataTypes.TimestampType, false, "yyyy-MM-dd HH:mm"),
              new ColumnSpec("amount", DataTypes.createDecimalType(12, 2), true, null)));

  private static List<Row> conform(SparkSession spark, Row... rows) {
    Dataset<Row> raw =
        frame(spark, "id STRING, ts STRING, amount STRING, _file STRING, _corrupt STRING", rows);
    Dataset<Row> conformed = SchemaConformer.conform(raw, SCHEMA, "_corrupt");
    assertEquals(
        List.of("id", "ts", "amount", "_file", "_reject_reason", "_reject_rule", "_raw_record"),
        List.of(conformed.columns()),
        "declared columns typed in place, other columns kept, the corrupt column dropped");
    return conformed.orderBy("_file").collectAsList();
  }

  @Test
  void typesGoodRowsAndExplainsEveryProblemOfABadOne(SparkSession spark) {
    List<Row> rows =
        conform(
            spark,
            row("a", "2026-11-01 10:00", "12.50", "f1", null),
            row(null, "yesterday", "1,5", "f2", null),
            row(null, null, null, "f3", "a,broken,,line,"));

    Row good = rows.get(0);
    assertEquals("a", good.getString(0));
    assertEquals(Timestamp.valueOf("2026-11-01 10:00:00"), good.getTimestamp(1));
    assertEquals(new BigDecimal("12.50"), good.getDecimal(2));
    assertNull(good.get(4), "a good row has no reason");
    assertNull(good.get(5));
    assertNull(good.get(6), "a good row carries no raw copy");

    Row bad = rows.get(1);
    assertNull(bad.get(1), "an unparsable value is null in the typed column");
    assertEquals(
        "id: required value is missing; ts: 'yesterday' is not a valid timestamp (format"
            + " yyyy-MM-dd HH:mm); amount: '1,5' is not a valid decimal(12,2)",
        bad.getString(4));
    assertEquals("type", bad.getString(5));
    assertEquals("{\"ts\":\"yesterday\",\"amount\":\"1,5\"}", bad.getString(6));

    Row malformed = rows.get(2);
    assertEquals("malformed", malformed.getString(5));
    assertEquals("a,broken,,line,", malformed.getString(6), "the raw line is kept as received");
  }
}
