package io.mljobs.common.schema;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.testing.SharedSpark;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code format} is honoured for every temporal type, and rejected where it cannot apply. */
@ExtendWith(SharedSpark.class)
class TemporalFormatTest {
  private static DeclaredSchema schema(String columns) {
    Settings schemas = Settings.of(ConfigFactory.parseString("s.columns = [" + columns + "]"));
    return DeclaredSchema.from("s", schemas, "mljobs.sources.x.schema");
  }

  @Test
  void everyTemporalTypeIsParsedWithItsFormat(SparkSession spark) {
    DeclaredSchema schema =
        schema(
            "{ name = local, type = timestamp_ntz, format = \"dd/MM/yyyy HH:mm\" },"
                + "{ name = ts, type = timestamp, format = \"dd/MM/yyyy HH:mm\" },"
                + "{ name = day, type = date, format = \"dd/MM/yyyy\" }");
    List<Row> rows =
        SchemaConformer.conform(
                frame(
                    spark,
                    "local STRING, ts STRING, day STRING, n STRING",
                    row("02/06/2026 13:45", "02/06/2026 13:45", "02/06/2026", "1"),
                    row("2026-06-02 13:45", "02/06/2026 13:45", "02/06/2026", "2")),
                schema,
                null)
            .orderBy("n")
            .collectAsList();

    Row good = rows.get(0);
    assertEquals(LocalDateTime.of(2026, 6, 2, 13, 45), good.getAs("local"));
    assertEquals(LocalDate.of(2026, 6, 2), good.getDate(2).toLocalDate());
    assertNull(good.getAs(SchemaConformer.REASON));

    Row bad = rows.get(1);
    assertNull(bad.getAs("local"), "a value that does not match the format is not parsed");
    assertEquals(
        "local: '2026-06-02 13:45' is not a valid timestamp_ntz (format dd/MM/yyyy HH:mm)",
        bad.getAs(SchemaConformer.REASON));
  }

  @Test
  void aFormatOnANonTemporalColumnIsAConfigErrorNamingTheKey() {
    ConfigError error =
        assertThrows(
            ConfigError.class, () -> schema("{ name = n, type = int, format = \"#,##0\" }"));
    assertTrue(
        error
            .getMessage()
            .startsWith("Config key 's.columns[0].format' is set, but column 'n' is int"),
        error.getMessage());
  }
}
