package io.mljobs.common.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;

/**
 * DataFrame equality from spark-testing-base, bound to the {@link SharedSpark} session (its own
 * JUnit 4 lifecycle would start a second context, so its session accessors are overridden).
 */
public final class DataFrameAssertions {
  private static final Base BASE = new Base();

  private DataFrameAssertions() {}

  /** Same schema and same rows, in any order. */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    BASE.assertDataFrameNoOrderEquals(expected, actual);
  }

  private static final class Base extends JavaDataFrameSuiteBase {
    @Override
    public SparkSession spark() {
      return SharedSpark.session();
    }

    @Override
    public SQLContext sqlContext() {
      return SharedSpark.session().sqlContext();
    }

    @Override
    public SparkContext sc() {
      return SharedSpark.session().sparkContext();
    }
  }
}
