package io.mljobs.jobs.trainingset;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mljobs.common.table.TableRef;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The as-of join against pandas: {@code golden.py} (next to the CSV files under
 * src/test/resources/trainingset) computes the expected feature row of each of 700 labels over
 * 5,600 feature rows of 23 entities, one of them skewed (5,000 rows and 300 labels), TTL 2 days,
 * with {@code pandas.merge_asof} (by entity, backward, tolerance = TTL) for the event-time join,
 * and by brute force for the join that also requires {@code created_ts <= label time}. Exact
 * equality: the values are copied, never computed.
 */
@ExtendWith(SharedSpark.class)
class PointInTimeGoldenTest {
  static final Path DIR =
      Path.of(System.getProperty("mljobs.project.root", ".."))
          .resolve("jobs/src/test/resources/trainingset")
          .toAbsolutePath()
          .normalize();

  static Dataset<Row> csv(SparkSession spark, String name, String schema) {
    return spark.read().option("header", "true").schema(schema).csv(DIR.resolve(name).toString());
  }

  @ParameterizedTest
  @CsvSource({"false, expected_event.csv", "true, expected_created.csv"})
  void theJoinMatchesPandas(boolean withCreated, String expectedFile, SparkSession spark) {
    Dataset<Row> features =
        csv(
                spark,
                "features.csv",
                "entity STRING, event_s LONG, created_s LONG, f_num DOUBLE, f_cat STRING")
            .select(
                col("entity"),
                timestamp_seconds(col("event_s")).as("event_ts"),
                timestamp_seconds(col("created_s")).as("created_ts"),
                col("f_num"),
                col("f_cat"));
    Dataset<Row> labels =
        csv(spark, "labels.csv", "label_id STRING, entity STRING, label_s LONG")
            .select(
                col("label_id"), col("entity"), timestamp_seconds(col("label_s")).as("label_ts"));
    FeatureJoinSpec spec =
        new FeatureJoinSpec(
            "golden",
            TableRef.of("features.golden"),
            List.of("entity"),
            "event_ts",
            withCreated ? Optional.of("created_ts") : Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ofDays(2),
            List.of("f_num", "f_cat", "event_ts"),
            List.of(),
            "mljobs.training-sets.golden.feature-sets.golden");
    // event_ts is joined as a feature too (renamed) so the chosen row is compared, not just values.
    Dataset<Row> joined =
        PointInTimeJoin.join(
                labels.withColumnRenamed("label_ts", "t"),
                "t",
                features,
                spec,
                List.of("f_num", "f_cat", "event_ts"),
                Optional.empty())
            .select(
                col("label_id"),
                unix_timestamp(col("event_ts")).as("event_s"),
                col("f_num"),
                col("f_cat"))
            .orderBy("label_id");
    List<Row> expected =
        csv(spark, expectedFile, "label_id STRING, event_s LONG, f_num DOUBLE, f_cat STRING")
            .orderBy("label_id")
            .collectAsList();
    List<Row> actual = joined.collectAsList();
    assertEquals(700, expected.size());
    assertEquals(expected.size(), actual.size());
    int matched = 0;
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).toString(), actual.get(i).toString(), "label " + i);
      matched += expected.get(i).isNullAt(1) ? 0 : 1;
    }
    // Both kinds of outcome are exercised.
    assertEquals(true, matched > 350 && matched < 700, "matched " + matched);
  }
}
