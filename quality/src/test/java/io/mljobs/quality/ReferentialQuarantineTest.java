package io.mljobs.quality;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.schema.SchemaConformer;
import io.mljobs.common.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Referential checks row by row (issue 13, item 9), on a generated delivery shaped like a real one:
 * 1,008 rows over 100 merchant keys, of which the reference table (a small dimension) knows 88.
 * Merchants m88..m99 are missing: 10 rows each, m99 five more (125 rows); three rows have no key.
 */
@ExtendWith(SharedSpark.class)
class ReferentialQuarantineTest {
  static final String CHECKS =
      """
      events {
        table = "bronze.events"
        row-level = %s
        checks = [
          { type = referential, column = merchant_id, table = "bronze.merchants" }
        ]
      }
      """;

  static Dataset<Row> delivery(SparkSession spark) {
    return spark
        .range(1000)
        .selectExpr("id AS event_id", "concat('m', CAST(id % 100 AS STRING)) AS merchant_id")
        .union(spark.range(1000, 1005).selectExpr("id", "'m99'"))
        .union(spark.range(1005, 1008).selectExpr("id", "CAST(NULL AS STRING)"));
  }

  static Dataset<Row> merchants(SparkSession spark) {
    return spark.range(88).selectExpr("concat('m', CAST(id AS STRING)) AS merchant_id", "id");
  }

  private static QualityChecks checks(SparkSession spark, DatasetSpec spec) {
    return QualityChecks.of(spec).referenceTables(ref -> merchants(spark));
  }

  @Test
  void quarantineModeRejectsExactlyTheRowsWhoseKeyIsMissing(SparkSession spark) {
    DatasetSpec spec = DatasetSpecsTest.parse(CHECKS.formatted("quarantine")).get("events");
    QualityReport report = checks(spark, spec).run(delivery(spark));
    CheckOutcome o = report.outcomes().get(0);
    assertEquals(CheckStatus.QUARANTINED, o.status());
    assertTrue(report.gatePassed(), "a quarantining referential check does not block the gate");
    assertEquals(883.0 / 1008, o.metric(), 1e-12); // 880 known keys + 3 null keys pass

    Dataset<Row> annotated = RowChecks.annotate(spec, delivery(spark), ref -> merchants(spark));
    List<Row> rejected =
        annotated
            .where(SchemaConformer.REASON + " IS NOT NULL")
            .groupBy("merchant_id")
            .count()
            .orderBy("merchant_id")
            .collectAsList();
    assertEquals(
        "[[m88,10], [m89,10], [m90,10], [m91,10], [m92,10], [m93,10], [m94,10], [m95,10],"
            + " [m96,10], [m97,10], [m98,10], [m99,15]]",
        rejected.toString());
    Row one = annotated.where("event_id = 99").first();
    assertEquals(
        "referential(merchant_id): merchant_id 'm99' not found in bronze.merchants.merchant_id",
        one.getAs(SchemaConformer.REASON));
    assertEquals("quality:referential(merchant_id)", one.getAs(SchemaConformer.RULE));
    assertEquals("{\"event_id\":99,\"merchant_id\":\"m99\"}", one.getAs(SchemaConformer.RAW));

    Dataset<Row> passed = RowChecks.passed(annotated);
    assertEquals(883, passed.count(), "every known key and every null key is promoted");
    assertEquals(List.of("event_id", "merchant_id"), List.of(passed.columns()));
    assertEquals(0, passed.where("merchant_id IN ('m88', 'm99')").count());
  }

  @Test
  void theMessageNamesUpToTenMissingValuesWithCounts(SparkSession spark) {
    DatasetSpec spec = DatasetSpecsTest.parse(CHECKS.formatted("fail")).get("events");
    QualityReport report = checks(spark, spec).run(delivery(spark));
    CheckOutcome o = report.outcomes().get(0);
    assertEquals(CheckStatus.FAILURE, o.status());
    assertFalse(report.gatePassed(), "row-level = fail: a missing key blocks the gate");
    assertEquals(
        "share of merchant_id values found in bronze.merchants is 0.8760; expected merchant_id"
            + " found in bronze.merchants.merchant_id for every row; 125 row(s) with a merchant_id"
            + " not in bronze.merchants: 'm99' (15), 'm88' (10), 'm89' (10), 'm90' (10),"
            + " 'm91' (10), 'm92' (10), 'm93' (10), 'm94' (10), 'm95' (10), 'm96' (10), ...",
        o.message());
  }

  @Test
  void fewMissingValuesAreAllNamedAndNullKeysPass(SparkSession spark) {
    DatasetSpec spec = DatasetSpecsTest.parse(CHECKS.formatted("quarantine")).get("events");
    Dataset<Row> rows =
        frame(
            spark,
            "event_id BIGINT, merchant_id STRING",
            row(1L, "m1"),
            row(2L, "m404"),
            row(3L, null),
            row(4L, "m404"));
    CheckOutcome o = checks(spark, spec).run(rows).outcomes().get(0);
    assertTrue(
        o.message()
            .endsWith(
                "; offending rows go to quarantine.events; 2 row(s) with a merchant_id not in"
                    + " bronze.merchants: 'm404' (2)"),
        o.message());
    assertEquals(
        List.of(1L, 3L),
        RowChecks.passed(RowChecks.annotate(spec, rows, ref -> merchants(spark)))
            .orderBy("event_id")
            .collectAsList()
            .stream()
            .map(r -> r.getLong(0))
            .toList());
  }
}
