package io.mljobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    DatasetProfiler.Profile profile = DatasetProfiler.lowCardinalityThreshold(0).profile(data);

    ColumnProfile x = profile.columns().get(0);
    assertEquals(n, profile.rows());
    assertEquals(0.0, x.min());
    assertEquals(n - 1.0, x.max(), "min and max stay exact");
    List<Double> q = x.quantiles();
    assertEquals(100, q.size());
    for (int p : new int[] {1, 10, 50, 90, 99}) {
      double exact = p / 100.0 * n;
      assertEquals(exact, q.get(p - 1), 0.01 * n, "percentile " + p);
    }
  }
}
