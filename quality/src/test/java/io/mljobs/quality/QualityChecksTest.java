package io.mljobs.quality;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.common.table.TableRef;
import io.mljobs.common.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Check results on small inline data with known defects, compared with a checked-in golden file.
 *
 * <p>Regenerate the golden file after an intended change with {@code mvn -o test -pl quality -am
 * -Dtest=QualityChecksTest -Dsurefire.failIfNoSpecifiedTests=false -Dmljobs.golden.update=true},
 * then review the diff of {@code quality/src/test/resources/golden/check-results.tsv}.
 */
@ExtendWith(SharedSpark.class)
class QualityChecksTest {
  static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 7);
  static final Path GOLDEN = Path.of("src/test/resources/golden/check-results.tsv");
  static final String SCHEMA =
      "transaction_id STRING, amount DECIMAL(12,2), currency STRING, merchant_id STRING,"
          + " event_ts TIMESTAMP, credit_limit DECIMAL(12,2)";

  static final String CHECKS =
      """
      pos {
        table = "bronze.pos"
        row-level = %s
        checks = [
          { type = completeness, column = amount }
          { type = completeness, column = currency, min = 0.8, name = "currency mostly set" }
          { type = uniqueness, columns = [transaction_id] }
          { type = range, column = amount, min = 0, max = 100000 }
          { type = non-negative, column = amount, severity = warning }
          { type = allowed-values, column = currency, values = [EUR, USD, GBP] }
          { type = pattern, column = transaction_id, regex = "^t[0-9]+$" }
          { type = quantile, column = amount, quantile = 0.5, min = 10, max = 20 }
          { type = row-count, min = 1, max = 100 }
          { type = freshness, column = event_ts, max-age = 2d }
          { type = freshness, column = event_ts, max-age = 1h, severity = warning, name = "fresh within the hour" }
          { type = referential, column = merchant_id, table = "bronze.merchants", ref-column = merchant_id }
          { type = sql, predicate = "amount < credit_limit", min-fraction = 0.8 }
        ]
      }
      """;

  static DatasetSpec spec(String rowLevel) {
    return DatasetSpecsTest.parse(CHECKS.formatted(rowLevel)).get("pos");
  }

  static Timestamp ts(String iso) {
    return Timestamp.from(java.time.Instant.parse(iso));
  }

  static BigDecimal dec(String v) {
    return v == null ? null : new BigDecimal(v);
  }

  /** Ten rows, each defect named. */
  static Dataset<Row> defective(SparkSession spark) {
    return frame(
        spark,
        SCHEMA,
        row("t1", dec("10.00"), "EUR", "m1", ts("2026-11-07T10:00:00Z"), dec("100.00")),
        row("t2", dec("20.00"), "USD", "m2", ts("2026-11-07T11:00:00Z"), dec("100.00")),
        row("t3", null, "EUR", "m1", ts("2026-11-06T09:00:00Z"), dec("100.00")), // null amount
        row("t4", dec("-5.00"), "GBP", "m1", ts("2026-11-06T08:00:00Z"), dec("100.00")), // negative
        row("t4", dec("30.00"), "EUR", "m2", ts("2026-11-05T08:00:00Z"), dec("100.00")), // dup id
        row(
            "t6",
            dec("200000.00"),
            "EUR",
            "m1",
            ts("2026-11-05T07:00:00Z"),
            dec("100.00")), // range
        row(
            "t7",
            dec("15.00"),
            "JPY",
            "m9",
            ts("2026-11-05T06:00:00Z"),
            dec("100.00")), // currency, merchant
        row(
            "bad-8",
            dec("12.00"),
            "EUR",
            "m1",
            ts("2026-11-04T06:00:00Z"),
            dec("100.00")), // pattern
        row(
            "t9",
            dec("11.00"),
            null,
            "m1",
            ts("2026-11-04T05:00:00Z"),
            dec("100.00")), // null currency is allowed
        row("t10", dec("13.00"), "USD", "m2", ts("2026-11-03T05:00:00Z"), dec("100.00")));
  }

  static Dataset<Row> merchants(SparkSession spark) {
    return frame(spark, "merchant_id STRING, name STRING", row("m1", "One"), row("m2", "Two"));
  }

  static QualityChecks checks(SparkSession spark, DatasetSpec spec) {
    return QualityChecks.of(spec)
        .runDate(RUN_DATE)
        .referenceTables(
            ref -> {
              assertEquals(TableRef.of("bronze.merchants"), ref);
              return merchants(spark);
            });
  }

  static String render(QualityReport report) {
    return "# rows="
        + report.rows()
        + " gate="
        + (report.gatePassed() ? "passed" : "failed")
        + "\n"
        + "# check\ttype\tseverity\tstatus\tmetric\tmessage\n"
        + report.outcomes().stream()
            .map(
                o ->
                    String.join(
                        "\t",
                        o.name(),
                        o.type(),
                        o.severity().label(),
                        o.status().label(),
                        QualityReport.formatMetric(o),
                        o.message()))
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  @Test
  void readColumnsAreTheCheckedOnesSoAWideTableIsNotReadWhole(SparkSession spark) {
    Dataset<Row> wide =
        defective(spark)
            .withColumn("unchecked_1", org.apache.spark.sql.functions.lit(1))
            .withColumn("unchecked_2", org.apache.spark.sql.functions.lit("x"));
    // Every column a check names, plus credit_limit, which only the SQL predicate reads.
    assertEquals(
        List.of("transaction_id", "amount", "currency", "merchant_id", "event_ts", "credit_limit"),
        checks(spark, spec("fail")).readColumns(wide));
    DatasetSpec countOnly =
        DatasetSpecsTest.parse(
                "t { table = \"bronze.t\", checks = [ { type = row-count, min = 1 } ] }")
            .get("t");
    assertEquals(
        List.of("transaction_id"), QualityChecks.of(countOnly).readColumns(wide), "one to count");
  }

  @Test
  void checkResultsMatchTheGoldenFile(SparkSession spark) throws Exception {
    QualityReport report = checks(spark, spec("fail")).run(defective(spark));
    String actual = render(report);
    if (Boolean.getBoolean("mljobs.golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual);
    }
    assertEquals(
        Files.readString(GOLDEN),
        actual,
        "golden file " + GOLDEN + " (see class doc to regenerate)");
    assertFalse(report.gatePassed());
    assertTrue(report.sparkJobs() > 0);
    assertTrue(
        report.metrics().stream().anyMatch(m -> m.name().equals("Size") && m.value() == 10.0),
        report.metrics().toString());
    System.out.println(report.toText() + "Spark jobs: " + report.sparkJobs());
  }

  @Test
  void quarantineModeRoutesStrictRowChecksAndKeepsTheRest(SparkSession spark) {
    DatasetSpec spec = spec("quarantine");
    QualityReport report = checks(spark, spec).run(defective(spark));
    assertEquals(CheckStatus.QUARANTINED, outcome(report, "range(amount)").status());
    assertEquals(CheckStatus.QUARANTINED, outcome(report, "completeness(amount)").status());
    assertEquals(CheckStatus.WARNING, outcome(report, "non-negative(amount)").status());
    assertEquals(CheckStatus.FAILURE, outcome(report, "uniqueness(transaction_id)").status());

    Dataset<Row> annotated = RowChecks.annotate(spec, defective(spark), ref -> merchants(spark));
    List<Row> rejected =
        annotated
            .where(SchemaConformer.REASON + " IS NOT NULL")
            .orderBy("transaction_id")
            .collectAsList();
    assertEquals(
        List.of("bad-8", "t3", "t4", "t6", "t7"),
        rejected.stream().map(r -> r.<String>getAs("transaction_id")).toList());
    Row t7 = rejected.get(4);
    assertEquals("quality:allowed-values(currency)", t7.getAs(SchemaConformer.RULE));
    assertTrue(t7.<String>getAs(SchemaConformer.RAW).contains("\"currency\":\"JPY\""));
    Dataset<Row> passed = RowChecks.passed(annotated);
    assertEquals(5, passed.count());
    assertEquals(List.of(defective(spark).columns()), List.of(passed.columns()));
  }

  @Test
  void aColumnNotInTheTableIsAClearConfigError(SparkSession spark) {
    DatasetSpec spec =
        DatasetSpecsTest.parse(
                "pos { table = bronze.pos, checks = [ { type = completeness, column = amout } ] }")
            .get("pos");
    ConfigError e =
        assertThrows(ConfigError.class, () -> checks(spark, spec).run(defective(spark)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "Check 'completeness(amout)' of dataset 'pos' names column 'amout', which is not in"
                    + " bronze.pos (did you mean 'amount'?) (columns: transaction_id, amount,"),
        e.getMessage());
  }

  @Test
  void anInvalidSqlPredicateIsAClearConfigError(SparkSession spark) {
    DatasetSpec spec =
        DatasetSpecsTest.parse(
                "pos { table = bronze.pos, checks = [ { type = sql, predicate = \"amount <\" } ] }")
            .get("pos");
    ConfigError e =
        assertThrows(ConfigError.class, () -> checks(spark, spec).run(defective(spark)));
    assertTrue(e.getMessage().contains("is not valid SQL over bronze.pos"), e.getMessage());
  }

  @Test
  void anEmptyDatasetPassesRowChecksAndFailsRowCountAndMeasures(SparkSession spark) {
    QualityReport report = checks(spark, spec("fail")).run(defective(spark).limit(0));
    assertEquals(0, report.rows());
    assertEquals(CheckStatus.FAILURE, outcome(report, "row-count").status());
    assertEquals(CheckStatus.SUCCESS, outcome(report, "completeness(amount)").status());
    assertEquals("no rows to check", outcome(report, "completeness(amount)").message());
    assertEquals(CheckStatus.FAILURE, outcome(report, "quantile(amount,0.5)").status());
    assertTrue(outcome(report, "freshness(event_ts)").message().contains("nothing to measure"));
    assertFalse(report.gatePassed());
  }

  @Test
  void aDatasetWhereEveryRowFails(SparkSession spark) {
    Dataset<Row> bad =
        frame(
            spark,
            SCHEMA,
            row("x1", dec("-1.00"), "JPY", "m7", ts("2026-10-01T00:00:00Z"), dec("0.00")),
            row("x1", dec("-2.00"), "CHF", "m8", ts("2026-10-01T00:00:00Z"), dec("0.00")));
    DatasetSpec spec = spec("quarantine");
    QualityReport report = checks(spark, spec).run(bad);
    assertEquals(0.0, outcome(report, "allowed-values(currency)").metric());
    assertEquals(0.0, outcome(report, "pattern(transaction_id)").metric());
    assertEquals(0.0, outcome(report, "uniqueness(transaction_id)").metric());
    assertFalse(report.gatePassed());
    assertEquals(
        0, RowChecks.passed(RowChecks.annotate(spec, bad, ref -> merchants(spark))).count());
  }

  @Test
  void cleanDataPassesTheGate(SparkSession spark) {
    Dataset<Row> clean = defective(spark).where("transaction_id IN ('t1', 't2', 't10')");
    QualityReport report = checks(spark, spec("fail")).run(clean);
    assertTrue(report.gatePassed(), report.toText());
    assertTrue(report.toText().contains("gate PASSED"), report.toText());
  }

  static CheckOutcome outcome(QualityReport report, String name) {
    return report.outcomes().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
  }
}
