package io.mljobs.jobs.ingest.files;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.Settings;
import io.mljobs.common.job.RunIdentity;
import io.mljobs.common.schema.DeclaredSchema;
import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.common.source.IngestColumns;
import io.mljobs.common.testing.SharedSpark;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Computed columns and event-date partitions in config: checked before Spark starts (the expression
 * parses, calls Spark functions, reads columns the row has; each problem names its key), then
 * computed by {@link SchemaConformer} for every ingest source type alike.
 */
@ExtendWith(SharedSpark.class)
class ComputedColumnsTest {
  private static final String COLUMNS =
      "{ name = id, type = string, nullable = false },"
          + " { name = ts, type = timestamp, format = \"yyyy-MM-dd HH:mm\" },"
          + " { name = amount, type = \"decimal(12,2)\" }";

  private static Settings mljobs(String columns, String source) {
    return Settings.of(
            ConfigFactory.parseString(
                    "mljobs.schemas.pay.columns = [ "
                        + columns
                        + " ]\nmljobs.sources.s {\n type = files, format = csv, path = /tmp/x,"
                        + " schema = pay\n"
                        + source
                        + "\n}")
                .resolve())
        .section("mljobs");
  }

  private static DeclaredSchema schema(String columns) {
    return DeclaredSchema.from("pay", mljobs(columns, "").section("schemas"), "test");
  }

  private static FileSourceSpec source(String columns, String source) {
    Settings mljobs = mljobs(columns, source);
    Settings section = mljobs.section("sources").section("s");
    FileSourceSpec spec = FileSourceSpec.from("s", section, mljobs.section("schemas"));
    section.rejectUnknownKeys();
    return spec;
  }

  private static ConfigError schemaError(String columns) {
    return assertThrows(ConfigError.class, () -> schema(columns));
  }

  private static ConfigError sourceError(String source) {
    return assertThrows(ConfigError.class, () -> source(COLUMNS, source));
  }

  @Test
  void computedColumnsAreComputedAfterTheTypedOnesInOrder(SparkSession spark) {
    DeclaredSchema schema =
        schema(
            COLUMNS
                + ", { name = day, expr = \"to_date(ts)\" }"
                + ", { name = cents, expr = \"amount * 100\", type = bigint }"
                + ", { name = label, expr = \"concat(id, '@', CAST(day AS STRING))\" }");
    assertEquals(List.of("id", "ts", "amount"), schema.columnNames(), "what files deliver");
    assertEquals(
        List.of("id", "ts", "amount", "day", "cents", "label"), schema.outputColumnNames());

    Dataset<Row> raw =
        frame(
            spark,
            "id STRING, ts STRING, amount STRING",
            row("a", "2026-06-01 23:59", "12.34"),
            row("b", "2026-06-02 00:00", "0.05"),
            row("c", "not a time", "1"));
    Dataset<Row> conformed = SchemaConformer.conform(raw, schema, null);
    Dataset<Row> bronze =
        IngestColumns.bronze(
            conformed,
            schema,
            new RunIdentity("ingest-files", LocalDate.of(2026, 6, 9), "r1", "a1", "p"),
            List.of());
    List<Row> rows =
        bronze
            .selectExpr("id", "CAST(day AS STRING)", "cents", "label", "CAST(_run_date AS STRING)")
            .orderBy("id")
            .collectAsList();
    assertEquals(
        "[[a,2026-06-01,1234,a@2026-06-01,2026-06-09], [b,2026-06-02,5,b@2026-06-02,2026-06-09]]",
        rows.toString(),
        "computed from the typed values; the rejected row c is not in bronze");
  }

  @Test
  void badComputedColumnsFailAtConfigTimeNamingTheKey() {
    ConfigError parse = schemaError(COLUMNS + ", { name = d, expr = \"to_date(ts\" }");
    assertEquals("mljobs.schemas.pay.columns[3].expr", parse.key());
    assertTrue(parse.getMessage().contains("not a valid Spark SQL expression"), parse.getMessage());

    ConfigError column = schemaError(COLUMNS + ", { name = d, expr = \"to_date(tss)\" }");
    assertEquals("mljobs.schemas.pay.columns[3].expr", column.key());
    assertTrue(column.getMessage().contains("reads column 'tss'"), column.getMessage());
    assertTrue(column.getMessage().contains("did you mean 'ts'"), column.getMessage());

    ConfigError function = schemaError(COLUMNS + ", { name = d, expr = \"to_dte(ts)\" }");
    assertTrue(
        function.getMessage().contains("'to_dte', which is not a Spark SQL function"),
        function.getMessage());

    ConfigError later =
        schemaError(
            COLUMNS + ", { name = a, expr = \"b + 1\" }, { name = b, expr = \"amount * 2\" }");
    assertTrue(
        later.getMessage().contains("reads column 'b'"), "computed columns read earlier ones only");

    ConfigError nullable = schemaError(COLUMNS + ", { name = d, expr = \"1\", nullable = false }");
    assertEquals("mljobs.schemas.pay.columns[3].nullable", nullable.key());

    ConfigError twice = schemaError(COLUMNS + ", { name = amount, expr = \"1\" }");
    assertTrue(twice.getMessage().contains("declared twice"), twice.getMessage());
  }

  @Test
  void aSourcePartitionComputesItsColumnIntoTheSchema() {
    FileSourceSpec spec = source(COLUMNS, "partition = { column = day, expr = \"to_date(ts)\" }");
    assertEquals(List.of("day"), spec.partitionBy());
    assertEquals("day", spec.schema().computed().get(0).name());
    assertEquals(
        List.of("_run_date"), source(COLUMNS, "partition = { column = _run_date }").partitionBy());
    assertEquals(List.of(), source(COLUMNS, "").partitionBy());
  }

  @Test
  void badSourcePartitionsNameTheKey() {
    ConfigError unknown = sourceError("partition = { column = day, expr = \"to_date(when)\" }");
    assertTrue(unknown.key().endsWith("partition.expr"), unknown.key());
    assertTrue(unknown.getMessage().contains("reads column 'when'"), unknown.getMessage());

    ConfigError missing = sourceError("partition = { column = day }");
    assertTrue(missing.key().endsWith("partition.column"), missing.key());
    assertTrue(missing.getMessage().contains("to_date(<timestamp column>)"), missing.getMessage());

    ConfigError clash = sourceError("partition = { column = ts, expr = \"to_date(ts)\" }");
    assertTrue(clash.getMessage().contains("already has"), clash.getMessage());

    ConfigError both =
        sourceError("partition = { column = day, expr = \"to_date(ts)\" }, partition-by = [id]");
    assertTrue(both.key().endsWith("partition-by"), both.key());

    ConfigError typo = sourceError("partition = { column = day, exp = \"to_date(ts)\" }");
    assertTrue(typo.key().endsWith("partition.exp"), typo.key());
  }
}
