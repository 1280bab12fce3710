package io.mljobs.quality.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.tables.DeltaTable;
import io.mljobs.common.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, items 1 and 2, against SciPy on heavy-tailed and discrete columns ({@code golden.py}'s
 * {@code sketch_cases}: 100,000 reference and 20,000 current values each, regenerated bit for bit
 * by {@link DriftGoldenData}): exact mode equals SciPy to 1e-9, sketch mode stays within the
 * documented tolerance, auto mode picks exact within its row budget, and neither mode's values
 * change when Delta OPTIMIZE rewrites the files.
 */
@ExtendWith(SharedSpark.class)
class DriftSketchGoldenTest {
  /** Documented sketch-vs-SciPy tolerance at the default 10 sketch bits (README, Drift). */
  static final double KS_TOLERANCE = 0.002;

  static final double PSI_TOLERANCE = 0.002;
  static final double JS_TOLERANCE = 0.005;
  static final double WASSERSTEIN_RELATIVE_TOLERANCE = 0.005;

  @TempDir Path tmp;

  private static final List<FeatureSpec> X = List.of(new FeatureSpec("x", FeatureKind.NUMERIC));

  private static Dataset<Row> frame(SparkSession spark, double[] x, int partitions) {
    List<Row> rows = new ArrayList<>(x.length);
    for (double v : x) {
      rows.add(RowFactory.create(v));
    }
    return spark.createDataFrame(rows, StructType.fromDDL("x DOUBLE")).repartition(partitions);
  }

  private static double[][] sides(JsonNode c) {
    String kind = c.get("generator").get("kind").asText();
    double[] r = DriftGoldenData.side(kind, c.get("generator").get("reference"));
    double[] cur = DriftGoldenData.side(kind, c.get("generator").get("current"));
    // The regenerated values are NumPy's: their sums agree (NumPy sums pairwise, hence 1e-9).
    assertEquals(c.get("checksum").get("reference_sum").asDouble(), DriftGoldenData.sum(r), 1e-6);
    assertEquals(c.get("checksum").get("current_sum").asDouble(), DriftGoldenData.sum(cur), 1e-6);
    return new double[][] {r, cur};
  }

  private static FeatureComparison compare(DriftMode mode, Dataset<Row> ref, Dataset<Row> cur) {
    return DriftAnalysis.of(DriftOptions.DEFAULTS.withMode(mode))
        .compare(ref, cur, X)
        .comparisons()
        .get(0);
  }

  private static double expected(JsonNode c, DriftStatistic s) {
    return c.get("expected").get(s.label()).asDouble();
  }

  @Test
  void exactModeEqualsScipyOnHeavyTailsAndDiscreteValues() throws Exception {
    for (JsonNode c : DriftGoldenTest.golden().get("sketch_cases")) {
      double[][] s = sides(c);
      FeatureComparison exact =
          Comparisons.numeric(
              "x",
              NumericDistribution.ofValues(s[0]),
              NumericDistribution.ofValues(s[1]),
              NumericBinning.DEFAULT,
              2.0,
              MissingShare.UNKNOWN);
      c.get("expected")
          .fields()
          .forEachRemaining(
              e ->
                  assertEquals(
                      e.getValue().asDouble(),
                      exact.value(DriftStatistic.valueOf(e.getKey().toUpperCase())).orElseThrow(),
                      1e-9,
                      c.get("name") + " " + e.getKey()));
    }
  }

  @Test
  void sketchModeStaysWithinTheDocumentedToleranceOfScipy(SparkSession spark) throws Exception {
    for (JsonNode c : DriftGoldenTest.golden().get("sketch_cases")) {
      double[][] s = sides(c);
      FeatureComparison sketch =
          compare(DriftMode.SKETCH, frame(spark, s[0], 4), frame(spark, s[1], 2));
      double ks =
          Math.abs(
              sketch.value(DriftStatistic.KS_STATISTIC).orElseThrow()
                  - expected(c, DriftStatistic.KS_STATISTIC));
      double psi =
          Math.abs(
              sketch.value(DriftStatistic.PSI).orElseThrow() - expected(c, DriftStatistic.PSI));
      double js =
          Math.abs(
              sketch.value(DriftStatistic.JENSEN_SHANNON).orElseThrow()
                  - expected(c, DriftStatistic.JENSEN_SHANNON));
      double w1 = expected(c, DriftStatistic.WASSERSTEIN);
      double w = Math.abs(sketch.value(DriftStatistic.WASSERSTEIN).orElseThrow() - w1) / w1;
      double wn =
          Math.abs(
                  sketch.value(DriftStatistic.WASSERSTEIN_NORMED).orElseThrow()
                      - expected(c, DriftStatistic.WASSERSTEIN_NORMED))
              / expected(c, DriftStatistic.WASSERSTEIN_NORMED);
      System.out.printf(
          java.util.Locale.ROOT,
          "sketch vs scipy, %s: W1 %.6f vs %.6f (relative %.2e), |dKS| %.2e |dPSI| %.2e |dJS| %.2e"
              + " relative d(normed W1) %.2e%n",
          c.get("name").asText(),
          sketch.value(DriftStatistic.WASSERSTEIN).orElseThrow(),
          w1,
          w,
          ks,
          psi,
          js,
          wn);
      String name = c.get("name").asText();
      assertTrue(ks <= KS_TOLERANCE, name + " KS " + ks);
      assertTrue(psi <= PSI_TOLERANCE, name + " PSI " + psi);
      assertTrue(js <= JS_TOLERANCE, name + " JS " + js);
      assertTrue(w <= WASSERSTEIN_RELATIVE_TOLERANCE, name + " W1 " + w);
      assertTrue(wn <= WASSERSTEIN_RELATIVE_TOLERANCE, name + " normed W1 " + wn);
      assertEquals(s[0].length, sketch.referenceCount(), 0.0, "bucket counts are exact");
    }
  }

  @Test
  void autoModeIsExactWithinTheRowBudgetAndSketchAboveIt(SparkSession spark) throws Exception {
    JsonNode c = DriftGoldenTest.golden().get("sketch_cases").get(0);
    double[][] s = sides(c);
    Dataset<Row> ref = frame(spark, s[0], 4);
    Dataset<Row> cur = frame(spark, s[1], 2);
    DriftAnalysis.Result within =
        DriftAnalysis.of(DriftOptions.DEFAULTS.withExactMaxRows(100_000)).compare(ref, cur, X);
    assertEquals(Map.of("x", "exact"), within.modes());
    assertEquals(
        expected(c, DriftStatistic.WASSERSTEIN),
        within.comparisons().get(0).value(DriftStatistic.WASSERSTEIN).orElseThrow(),
        1e-9);
    DriftAnalysis.Result above =
        DriftAnalysis.of(DriftOptions.DEFAULTS.withExactMaxRows(99_999)).compare(ref, cur, X);
    assertEquals(Map.of("x", "sketch"), above.modes());

    // The driver's budget: exact collects up to (reference + current rows) x numeric features.
    long values = s[0].length + s[1].length;
    DriftAnalysis.Result withinValues =
        DriftAnalysis.of(DriftOptions.DEFAULTS.withExactMaxValues(values)).compare(ref, cur, X);
    assertEquals(Map.of("x", "exact"), withinValues.modes());
    DriftAnalysis.Result aboveValues =
        DriftAnalysis.of(DriftOptions.DEFAULTS.withExactMaxValues(values - 1)).compare(ref, cur, X);
    assertEquals(Map.of("x", "sketch"), aboveValues.modes());
  }

  @Test
  void valuesDoNotChangeWhenOptimizeRewritesTheFiles(SparkSession spark) throws Exception {
    for (JsonNode c :
        List.of(
            DriftGoldenTest.golden().get("sketch_cases").get(0),
            DriftGoldenTest.golden().get("sketch_cases").get(2))) {
      double[][] s = sides(c);
      String path = tmp.resolve(c.get("name").asText()).toString();
      frame(spark, s[0], 8).write().format("delta").save(path);
      Dataset<Row> cur = frame(spark, s[1], 3);
      int filesBefore = spark.read().format("delta").load(path).inputFiles().length;
      FeatureComparison sketchBefore =
          compare(DriftMode.SKETCH, spark.read().format("delta").load(path), cur);
      FeatureComparison exactBefore =
          compare(DriftMode.EXACT, spark.read().format("delta").load(path), cur);
      DeltaTable.forPath(spark, path).optimize().executeCompaction();
      int filesAfter = spark.read().format("delta").load(path).inputFiles().length;
      assertNotEquals(filesBefore, filesAfter, "OPTIMIZE rewrote the files");
      FeatureComparison sketchAfter =
          compare(DriftMode.SKETCH, spark.read().format("delta").load(path), cur);
      FeatureComparison exactAfter =
          compare(DriftMode.EXACT, spark.read().format("delta").load(path), cur);
      System.out.printf(
          "layout, %s: %d files -> %d; sketch W1 %s -> %s%n",
          c.get("name").asText(),
          filesBefore,
          filesAfter,
          sketchBefore.value(DriftStatistic.WASSERSTEIN).orElseThrow(),
          sketchAfter.value(DriftStatistic.WASSERSTEIN).orElseThrow());
      assertEquals(sketchBefore.values(), sketchAfter.values(), "sketch values, bit for bit");
      assertEquals(exactBefore.values(), exactAfter.values(), "exact values, bit for bit");
    }
  }
}
