package io.mljobs.quality.drift;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mljobs.common.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Spark side of drift: sketch mode within its documented tolerance of exact mode, a bounded
 * number of Spark jobs whatever the column count, and the bad inputs of issue 5.
 */
@ExtendWith(SharedSpark.class)
class DriftAnalysisTest {
  /** Documented sketch-vs-exact tolerance at the default sketch size 2048 (README, Drift). */
  static final double KS_TOLERANCE = 0.01;

  static final double PSI_TOLERANCE = 0.02;
  static final double JS_TOLERANCE = 0.01;
  static final double WASSERSTEIN_RELATIVE_TOLERANCE = 0.06;

  private static Dataset<Row> amounts(SparkSession spark, long rows, double shift, long seed) {
    return spark
        .range(rows)
        .select(
            exp(randn(seed).multiply(0.8).plus(3)).multiply(1 + shift).as("amount"),
            when(col("id").mod(10).lt(shift > 0 ? 3 : 2), lit("b")).otherwise(lit("a")).as("kind"));
  }

  private static FeatureComparison only(DriftAnalysis.Result r) {
    return r.comparisons().get(0);
  }

  @Test
  void sketchModeStaysWithinTheDocumentedToleranceOfExactMode(SparkSession spark) {
    Dataset<Row> ref = amounts(spark, 40_000, 0, 1).cache();
    Dataset<Row> cur = amounts(spark, 30_000, 0.1, 2).cache();
    List<FeatureSpec> f = List.of(new FeatureSpec("amount", FeatureKind.NUMERIC));
    FeatureComparison exact =
        only(DriftAnalysis.of(DriftMode.EXACT, 10, 100, 2048, 0.64).compare(ref, cur, f));
    for (int size : new int[] {256, 2048}) {
      FeatureComparison sketch =
          only(DriftAnalysis.of(DriftMode.SKETCH, 10, 100, size, 0.64).compare(ref, cur, f));
      double ks = diff(exact, sketch, DriftStatistic.KS_STATISTIC);
      double psi = diff(exact, sketch, DriftStatistic.PSI);
      double js = diff(exact, sketch, DriftStatistic.JENSEN_SHANNON);
      double w =
          diff(exact, sketch, DriftStatistic.WASSERSTEIN)
              / exact.value(DriftStatistic.WASSERSTEIN).orElseThrow();
      System.out.printf(
          "sketch-size %d: |ΔKS| %.5f |ΔPSI| %.5f |ΔJS| %.5f relative ΔW1 %.5f (exact KS %.4f PSI"
              + " %.4f)%n",
          size,
          ks,
          psi,
          js,
          w,
          exact.value(DriftStatistic.KS_STATISTIC).orElseThrow(),
          exact.value(DriftStatistic.PSI).orElseThrow());
      if (size == 2048) {
        assertTrue(ks <= KS_TOLERANCE, "KS " + ks);
        assertTrue(psi <= PSI_TOLERANCE, "PSI " + psi);
        assertTrue(js <= JS_TOLERANCE, "JS " + js);
        assertTrue(w <= WASSERSTEIN_RELATIVE_TOLERANCE, "W1 " + w);
      }
      assertEquals(
          40_000, sketch.referenceCount(), 1e-9, "KLL compaction keeps the total weight exact");
    }
    ref.unpersist();
    cur.unpersist();
  }

  private static double diff(FeatureComparison a, FeatureComparison b, DriftStatistic s) {
    return Math.abs(a.value(s).orElseThrow() - b.value(s).orElseThrow());
  }

  @Test
  void sparkJobsDoNotGrowWithTheNumberOfColumns(SparkSession spark) {
    int few = jobsFor(spark, 2);
    int many = jobsFor(spark, 12);
    assertTrue(few > 0, "jobs are counted");
    assertEquals(few, many, "the pass count is independent of the column count");
  }

  private static int jobsFor(SparkSession spark, int columnsPerKind) {
    Dataset<Row> base = spark.range(2000).toDF();
    List<FeatureSpec> features = new java.util.ArrayList<>();
    for (int i = 0; i < columnsPerKind; i++) {
      base =
          base.withColumn("n" + i, col("id").mod(97 + i).cast("double"))
              .withColumn("c" + i, concat(lit("k"), col("id").mod(5 + i).cast("string")));
      features.add(new FeatureSpec("n" + i, FeatureKind.NUMERIC));
      features.add(new FeatureSpec("c" + i, FeatureKind.CATEGORICAL));
    }
    return DriftAnalysis.of(DriftMode.SKETCH, 10, 20, 2048, 0.64)
        .compare(base.where("id < 1000"), base.where("id >= 1000"), features)
        .sparkJobs();
  }

  @Test
  void badInputIsReportedNotFatal(SparkSession spark) {
    Dataset<Row> cur =
        spark.sql(
            "SELECT CAST(id AS DOUBLE) AS x, CAST(NULL AS DOUBLE) AS nothing, 7 AS constant,"
                + " 'k' || CAST(id AS STRING) AS wide, 'same' AS label FROM range(100000)");
    Dataset<Row> ref = cur.drop("label");
    List<FeatureSpec> features =
        List.of(
            new FeatureSpec("x", FeatureKind.NUMERIC),
            new FeatureSpec("nothing", FeatureKind.NUMERIC),
            new FeatureSpec("constant", FeatureKind.NUMERIC),
            new FeatureSpec("wide", FeatureKind.CATEGORICAL),
            new FeatureSpec("label", FeatureKind.CATEGORICAL));
    for (DriftMode mode : DriftMode.values()) {
      List<FeatureComparison> r =
          DriftAnalysis.of(mode, 10, 50, 2048, 0.64).compare(ref, cur, features).comparisons();
      assertEquals(0.0, r.get(0).value(DriftStatistic.KS_STATISTIC).orElseThrow(), 1e-12);
      assertEquals(
          "no non-null values on either side", r.get(1).undefined().orElseThrow(), "all null");
      FeatureComparison constant = r.get(2);
      assertTrue(constant.undefined().isEmpty());
      for (double v : constant.values().values()) {
        assertFalse(Double.isNaN(v) || Double.isInfinite(v), constant.values().toString());
      }
      assertEquals(1.0, constant.value(DriftStatistic.KS_PVALUE).orElseThrow());
      FeatureComparison wide = r.get(3);
      assertEquals(51, wide.chart().labels().size(), "top-50 plus other");
      assertEquals(CategoricalDistribution.OTHER, wide.chart().labels().get(50));
      assertEquals(0.0, wide.value(DriftStatistic.CHI2_STATISTIC).orElseThrow(), 1e-9);
      assertEquals(
          "column 'label' is absent from the reference", r.get(4).undefined().orElseThrow());
    }

    // An empty reference: every feature undefined, with the reason.
    FeatureComparison empty =
        DriftAnalysis.of(DriftMode.SKETCH, 10, 50, 2048, 0.64)
            .compare(ref.limit(0), cur, features.subList(0, 1))
            .comparisons()
            .get(0);
    assertEquals("the reference has no rows", empty.undefined().orElseThrow());
  }
}
