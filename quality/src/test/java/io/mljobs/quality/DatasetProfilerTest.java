package io.mljobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class DatasetProfilerTest {

  @Test
  void percentilesOfALargePartitionComeFromASampleWithinOnePercentOfRank(SparkSession spark) {
    long n = 3 * DatasetProfiler.QUANTILE_SAMPLE_ROWS;
    // 0, 1, ..., n-1 in a shuffled order: the exact p-th percentile is p/100 * n.
    Dataset<Row> data =
        spark.range(n).select(col("id").multiply(7919).mod(n).cast("double").as("x"));
    DatasetProfiler.Profile profile =
        DatasetProfiler.lowCardinalityThreshold(0).sampleRows(0).profile(data);

    ColumnProfile x = profile.columns().get(0);
    assertEquals(n, profile.rows());
    assertEquals(n, profile.profiledRows(), "sampleRows(0) profiles every row");
    assertEquals(0.0, x.min());
    assertEquals(n - 1.0, x.max(), "min and max stay exact");
    List<Double> q = x.quantiles();
    assertEquals(100, q.size());
    for (int p : new int[] {1, 10, 50, 90, 99}) {
      double exact = p / 100.0 * n;
      assertEquals(exact, q.get(p - 1), 0.01 * n, "percentile " + p);
    }
  }

  @Test
  void aLargePartitionIsProfiledFromASampleCloseToTheWholeOne(SparkSession spark) {
    long n = 4 * DatasetProfiler.DEFAULT_SAMPLE_ROWS;
    // x: 0..n-1 shuffled (mean (n-1)/2); y: null on every fourth row (completeness 0.75); c: one of
    // five categories, equally often.
    Dataset<Row> data =
        spark
            .range(n)
            .select(
                col("id").multiply(7919).mod(n).cast("double").as("x"),
                when(col("id").mod(4).notEqual(0), col("id")).as("y"),
                concat(lit("c"), col("id").mod(5).cast("string")).as("c"));
    DatasetProfiler.Profile profile = DatasetProfiler.lowCardinalityThreshold(10).profile(data);

    assertEquals(n, profile.rows(), "the row count stays exact");
    assertTrue(profile.sampled());
    assertEquals(
        DatasetProfiler.DEFAULT_SAMPLE_ROWS,
        profile.profiledRows(),
        0.02 * DatasetProfiler.DEFAULT_SAMPLE_ROWS,
        "about sample-rows rows profiled");
    ColumnProfile x = profile.columns().get(0);
    ColumnProfile y = profile.columns().get(1);
    ColumnProfile c = profile.columns().get(2);
    assertEquals((n - 1) / 2.0, x.mean(), 0.01 * n, "mean of the sample");
    assertEquals(50.0 / 100 * n, x.quantiles().get(49), 0.01 * n, "median");
    assertEquals(0.75, y.completeness(), 0.01);
    assertEquals(5, c.approxDistinct(), "every category is in the sample");
    assertTrue(c.histogram().contains("\"c3\":{\"count\":"), c.histogram());
    assertTrue(profile.toText("d").contains("statistics from a sample of"), profile.toText("d"));
  }

  @Test
  void aWideTableIsProfiledInSeveralRunsWithEveryColumnInSchemaOrder(SparkSession spark) {
    int width = DatasetProfiler.COLUMNS_PER_RUN + 5;
    org.apache.spark.sql.Column[] columns = new org.apache.spark.sql.Column[width];
    for (int i = 0; i < width; i++) {
      columns[i] = col("id").multiply(i).cast("double").as("c" + i);
    }
    DatasetProfiler.Profile profile =
        DatasetProfiler.lowCardinalityThreshold(0).profile(spark.range(1000).select(columns));

    assertEquals(1000, profile.profiledRows());
    assertEquals(width, profile.columns().size());
    for (int i = 0; i < width; i++) {
      ColumnProfile c = profile.columns().get(i);
      assertEquals("c" + i, c.column());
      assertEquals(i * 499.5, c.mean(), 1e-9, c.column());
      assertEquals(i * 999.0, c.max(), c.column());
    }
  }
}
