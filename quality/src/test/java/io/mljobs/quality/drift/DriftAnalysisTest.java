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
import java.util.Optional;
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

  private static DriftAnalysis analysis(DriftMode mode, int topK) {
    return DriftAnalysis.of(DriftOptions.DEFAULTS.withMode(mode).withTopK(topK));
  }

  @Test
  void sketchModeStaysWithinTheDocumentedToleranceOfExactMode(SparkSession spark) {
    Dataset<Row> ref = amounts(spark, 40_000, 0, 1).cache();
    Dataset<Row> cur = amounts(spark, 30_000, 0.1, 2).cache();
    List<FeatureSpec> f = List.of(new FeatureSpec("amount", FeatureKind.NUMERIC));
    FeatureComparison exact = only(analysis(DriftMode.EXACT, 100).compare(ref, cur, f));
    FeatureComparison sketch = only(analysis(DriftMode.SKETCH, 100).compare(ref, cur, f));
    double ks = diff(exact, sketch, DriftStatistic.KS_STATISTIC);
    double psi = diff(exact, sketch, DriftStatistic.PSI);
    double js = diff(exact, sketch, DriftStatistic.JENSEN_SHANNON);
    double w =
        diff(exact, sketch, DriftStatistic.WASSERSTEIN)
            / exact.value(DriftStatistic.WASSERSTEIN).orElseThrow();
    System.out.printf(
        "lognormal sketch vs exact: |dKS| %.2e |dPSI| %.2e |dJS| %.2e relative dW1 %.2e%n",
        ks, psi, js, w);
    assertTrue(ks <= DriftSketchGoldenTest.KS_TOLERANCE, "KS " + ks);
    assertTrue(psi <= DriftSketchGoldenTest.PSI_TOLERANCE, "PSI " + psi);
    assertTrue(js <= DriftSketchGoldenTest.JS_TOLERANCE, "JS " + js);
    assertTrue(w <= DriftSketchGoldenTest.WASSERSTEIN_RELATIVE_TOLERANCE, "W1 " + w);
    assertEquals(40_000, sketch.referenceCount(), 1e-9, "bucket counts are exact");
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
    return analysis(DriftMode.SKETCH, 20)
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
      List<FeatureComparison> r = analysis(mode, 50).compare(ref, cur, features).comparisons();
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
        analysis(DriftMode.SKETCH, 50)
            .compare(ref.limit(0), cur, features.subList(0, 1))
            .comparisons()
            .get(0);
    assertEquals("the reference has no rows", empty.undefined().orElseThrow());
  }

  @Test
  void aColumnGoingFromOneToFortyPercentMissingDriftsOnItsMissingShare(SparkSession spark) {
    // Reference: 1% null amounts and channels; current: 40% null (and NaN counts as missing).
    Dataset<Row> ref =
        spark.sql(
            "SELECT CASE WHEN id % 100 = 0 THEN NULL ELSE CAST((id DIV 100) % 50 AS DOUBLE) END"
                + " AS amount, CASE WHEN id % 100 = 0 THEN NULL ELSE 'c' || ((id DIV 100) % 3) END"
                + " AS channel"
                + " FROM range(10000)");
    Dataset<Row> cur =
        spark.sql(
            "SELECT CASE WHEN id % 10 < 3 THEN NULL WHEN id % 10 = 3 THEN CAST('NaN' AS DOUBLE)"
                + " ELSE CAST((id DIV 10) % 50 AS DOUBLE) END AS amount,"
                + " CASE WHEN id % 10 < 4 THEN NULL ELSE 'c' || ((id DIV 10) % 3) END AS channel"
                + " FROM range(5000)");
    List<FeatureSpec> features =
        List.of(
            new FeatureSpec("amount", FeatureKind.NUMERIC),
            new FeatureSpec("channel", FeatureKind.CATEGORICAL));
    for (DriftMode mode : List.of(DriftMode.EXACT, DriftMode.SKETCH)) {
      DriftAnalysis.Result result = analysis(mode, 100).compare(ref, cur, features);
      DatasetDrift judged =
          new DriftJudge(f -> DriftThresholds.DEFAULTS, LearnedThresholds.OFF, 0.5)
              .judge("d", result.comparisons(), DriftJudge.History.NONE, 0);
      for (FeatureDrift f : judged.features()) {
        StatisticResult missing =
            f.statistics().stream()
                .filter(r -> r.statistic() == DriftStatistic.MISSING_SHARE)
                .findFirst()
                .orElseThrow();
        assertEquals(0.39, missing.value().orElseThrow(), 1e-12, mode + " " + f.feature());
        assertEquals(Verdict.DRIFT, missing.verdict(), f.feature());
        assertEquals(Optional.of(0.05), missing.threshold());
        assertEquals(
            "missing: reference 1.00% (100 of 10000 rows), current 40.00% (2000 of 5000 rows)",
            missing.detail());
        assertEquals(Verdict.DRIFT, f.verdict(), f.feature());
        // The other statistics see the same shares of the non-missing values: no drift there.
        assertEquals(
            0.0, f.comparison().value(DriftStatistic.PSI).orElseThrow(), 1e-3, f.feature());
      }
    }
  }

  @Test
  void aColumnThatBecameAllNullIsJudgedOnItsMissingShare(SparkSession spark) {
    Dataset<Row> ref = spark.sql("SELECT CAST(id AS DOUBLE) AS x FROM range(100)");
    Dataset<Row> cur = spark.sql("SELECT CAST(NULL AS DOUBLE) AS x FROM range(100)");
    FeatureComparison c =
        only(
            analysis(DriftMode.EXACT, 10)
                .compare(ref, cur, List.of(new FeatureSpec("x", FeatureKind.NUMERIC))));
    assertEquals("no non-null values in the current data", c.undefined().orElseThrow());
    FeatureDrift f =
        new DriftJudge(x -> DriftThresholds.DEFAULTS, LearnedThresholds.OFF, 0.5)
            .judge(c, DriftJudge.History.NONE);
    assertEquals(Verdict.DRIFT, f.verdict(), "100% missing is drift, not just undefined");
  }

  @Test
  void everyNewAndVanishedCategoryIsNamedBeyondTheTopK(SparkSession spark) {
    // 200 merchants; 30 of them (m170..m199) vanish and 25 new ones (n00..n24) appear, all far
    // below the top-50 kept for the statistics.
    Dataset<Row> ref =
        spark.sql(
            "SELECT 'm' || lpad(CAST(id % 200 AS STRING), 3, '0') AS merchant FROM range(20000)");
    Dataset<Row> cur =
        spark.sql(
            "SELECT CASE WHEN id % 400 < 25 THEN 'n' || lpad(CAST(id % 400 AS STRING), 2, '0')"
                + " ELSE 'm' || lpad(CAST(id % 170 AS STRING), 3, '0') END AS merchant"
                + " FROM range(20000)");
    List<FeatureSpec> f = List.of(new FeatureSpec("merchant", FeatureKind.CATEGORICAL));
    FeatureComparison c = only(analysis(DriftMode.AUTO, 50).compare(ref, cur, f));
    assertEquals(25.0, c.value(DriftStatistic.NEW_CATEGORIES).orElseThrow());
    assertEquals(30.0, c.value(DriftStatistic.VANISHED_CATEGORIES).orElseThrow());
    List<String> vanished = new java.util.ArrayList<>();
    for (int i = 170; i < 200; i++) {
      vanished.add("m" + i);
    }
    List<String> added = new java.util.ArrayList<>();
    for (int i = 0; i < 25; i++) {
      added.add(String.format("n%02d", i));
    }
    assertEquals(vanished, c.vanishedCategories());
    assertEquals(added, c.newCategories());
    assertEquals(String.join(", ", vanished), c.details().get(DriftStatistic.VANISHED_CATEGORIES));
    assertFalse(c.details().get(DriftStatistic.NEW_CATEGORIES).contains("more"));
  }

  /**
   * Item 6: a day inside a ~500k-row reference with day-to-day variation. With the old defaults (KS
   * and χ² p-values at any size) it is drift; with the effect-size defaults it is not.
   */
  @Test
  void aDayInsideALargeReferenceIsNotDriftWithTheEffectSizeDefaults(SparkSession spark) {
    // 7 days x 70,000 rows; each day's amounts scaled by 1 + 0.03 * (day - 3) / 3 and its channel
    // mix moved by a point or two: real-looking day effects, far below anything that matters.
    Dataset<Row> days =
        spark
            .range(490_000)
            .select(
                col("id").mod(7).as("day"),
                randn(7).as("z"),
                org.apache.spark.sql.functions.rand(8).as("u"))
            .select(
                col("day"),
                exp(col("z").multiply(0.8).plus(3))
                    .multiply(lit(1).plus(col("day").minus(3).multiply(0.01)))
                    .as("amount"),
                when(col("u").lt(lit(0.5).plus(col("day").multiply(0.004))), lit("pos"))
                    .when(col("u").lt(0.8), lit("web"))
                    .otherwise(lit("app"))
                    .as("channel"))
            .cache();
    Dataset<Row> current = days.where(col("day").equalTo(5));
    List<FeatureSpec> f =
        List.of(
            new FeatureSpec("amount", FeatureKind.NUMERIC),
            new FeatureSpec("channel", FeatureKind.CATEGORICAL));
    DriftAnalysis.Result r = analysis(DriftMode.AUTO, 100).compare(days, current, f);
    DriftThresholds before =
        DriftThresholds.DEFAULTS.overriddenBy(
            io.mljobs.common.config.Settings.of(
                com.typesafe.config.ConfigFactory.parseString(
                    "pvalue-max-rows = off, wasserstein-normed = off, missing-share = off")));
    DatasetDrift old =
        new DriftJudge(x -> before, LearnedThresholds.OFF, 0.5)
            .judge("d", r.comparisons(), DriftJudge.History.NONE, 0);
    DatasetDrift now =
        new DriftJudge(x -> DriftThresholds.DEFAULTS, LearnedThresholds.OFF, 0.5)
            .judge("d", r.comparisons(), DriftJudge.History.NONE, 0);
    for (int i = 0; i < 2; i++) {
      FeatureComparison c = r.comparisons().get(i);
      System.out.printf(
          java.util.Locale.ROOT,
          "day inside a %d-row reference, %s (%s): p %.3e, PSI %.4f, JS %.4f, normed W1 %s;"
              + " before %s, after %s%n",
          (long) c.referenceCount(),
          c.feature(),
          r.modes().get(c.feature()),
          c.value(DriftStatistic.KS_PVALUE)
              .orElse(c.value(DriftStatistic.CHI2_PVALUE).orElse(Double.NaN)),
          c.value(DriftStatistic.PSI).orElseThrow(),
          c.value(DriftStatistic.JENSEN_SHANNON).orElseThrow(),
          c.value(DriftStatistic.WASSERSTEIN_NORMED).map(String::valueOf).orElse("-"),
          old.features().get(i).verdict().label(),
          now.features().get(i).verdict().label());
      assertEquals(Verdict.DRIFT, old.features().get(i).verdict(), "before: " + c.feature());
      assertEquals(Verdict.OK, now.features().get(i).verdict(), "after: " + c.feature());
      StatisticResult p =
          now.features().get(i).statistics().stream()
              .filter(s -> !s.statistic().higherIsWorse())
              .findFirst()
              .orElseThrow();
      assertEquals(Verdict.INFO, p.verdict());
      assertEquals("off above 1000 rows (pvalue-max-rows)", p.thresholdSource());
    }
    assertEquals("exact", r.modes().get("amount"), "490,000 rows fit the default row budget");
    days.unpersist();
  }
}
