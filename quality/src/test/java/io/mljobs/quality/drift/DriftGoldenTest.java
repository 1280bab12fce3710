package io.mljobs.quality.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Exact-mode statistics against SciPy: {@code drift/golden.json} holds inputs and the values {@code
 * drift/golden.py} computed with SciPy (regenerate with that script). Every value must match to
 * {@value #TOLERANCE}.
 */
class DriftGoldenTest {
  static final double TOLERANCE = 1e-9;

  static JsonNode golden() throws Exception {
    try (InputStream in = DriftGoldenTest.class.getResourceAsStream("/drift/golden.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @TestFactory
  List<DynamicTest> exactModeEqualsScipy() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : golden().get("cases")) {
      tests.add(
          DynamicTest.dynamicTest(
              c.get("kind").asText() + " " + c.get("name").asText(), () -> check(c)));
    }
    assertFalse(tests.isEmpty());
    return tests;
  }

  private static void check(JsonNode c) {
    FeatureComparison result;
    if (c.get("kind").asText().equals("numeric")) {
      result =
          Comparisons.numeric(
              "x",
              NumericDistribution.ofValues(doubles(c.get("reference"))),
              NumericDistribution.ofValues(doubles(c.get("current"))),
              NumericBinning.parse(c.get("binning").asText()),
              logBase(c),
              MissingShare.UNKNOWN);
    } else {
      result =
          Comparisons.categorical(
              "x",
              CategoricalDistribution.of(counts(c.get("reference"))),
              CategoricalDistribution.of(counts(c.get("current"))),
              0,
              0);
    }
    Iterator<Map.Entry<String, JsonNode>> expected = c.get("expected").fields();
    int compared = 0;
    while (expected.hasNext()) {
      Map.Entry<String, JsonNode> e = expected.next();
      DriftStatistic statistic = DriftStatistic.valueOf(e.getKey().toUpperCase());
      double actual = result.value(statistic).orElseThrow();
      assertEquals(e.getValue().asDouble(), actual, TOLERANCE, c.get("name") + " " + e.getKey());
      compared++;
    }
    assertTrue(compared >= 6, "every statistic of the case is compared");
  }

  @Test
  void newAndVanishedCategoriesAreNamed() throws Exception {
    FeatureComparison r =
        Comparisons.categorical(
            "merchant_category",
            CategoricalDistribution.of(Map.of("grocery", 10L, "pawnshop", 2L)),
            CategoricalDistribution.of(Map.of("grocery", 9L, "crypto_exchange", 3L)),
            0,
            4);
    assertEquals("crypto_exchange", r.details().get(DriftStatistic.NEW_CATEGORIES));
    assertEquals("pawnshop, and 4 more", r.details().get(DriftStatistic.VANISHED_CATEGORIES));
    assertEquals(5.0, r.value(DriftStatistic.VANISHED_CATEGORIES).orElseThrow());

    // Names collected beyond the top-K are listed too, every one of them.
    FeatureComparison named =
        Comparisons.categorical(
            "merchant_category",
            CategoricalDistribution.of(Map.of("grocery", 10L, "pawnshop", 2L)),
            CategoricalDistribution.of(Map.of("grocery", 9L, "crypto_exchange", 3L)),
            List.of("atm_b", "atm_c"),
            List.of("bakery", "florist", "kiosk", "toys"),
            2.0,
            MissingShare.UNKNOWN);
    assertEquals(
        "crypto_exchange, atm_b, atm_c", named.details().get(DriftStatistic.NEW_CATEGORIES));
    assertEquals(
        "pawnshop, bakery, florist, kiosk, toys",
        named.details().get(DriftStatistic.VANISHED_CATEGORIES));
    assertEquals(List.of("crypto_exchange", "atm_b", "atm_c"), named.newCategories());
    assertEquals(5.0, named.value(DriftStatistic.VANISHED_CATEGORIES).orElseThrow());
  }

  @Test
  void kolmogorovSurvivalMatchesKnownValues() {
    // Q(1.0) and Q(0.5) of the Kolmogorov distribution (scipy.special.kolmogorov).
    assertEquals(0.26999967167735456, DriftMath.kolmogorovSf(1.0), TOLERANCE);
    assertEquals(0.9639452436648751, DriftMath.kolmogorovSf(0.5), TOLERANCE);
    assertEquals(1.0, DriftMath.kolmogorovSf(0.0));
  }

  static double logBase(JsonNode c) {
    String base = c.get("log_base").asText();
    return base.equals("e") ? Math.E : Double.parseDouble(base);
  }

  @Test
  void sturgesAndDoaneEdgesAreNumpys() throws Exception {
    // np.histogram_bin_edges(np.concatenate([ref, cur]), 'sturges' | 'doane') of the golden inputs.
    int compared = 0;
    for (JsonNode c : golden().get("cases")) {
      String binning = c.path("binning").asText();
      if (!binning.equals("sturges") && !binning.equals("doane")) {
        continue;
      }
      double[] expected = doubles(c.get("edges"));
      double[] actual =
          DriftMath.histogramEdges(
              binning,
              NumericDistribution.ofValues(doubles(c.get("reference"))),
              NumericDistribution.ofValues(doubles(c.get("current"))));
      assertEquals(expected.length, actual.length, c.get("name") + " bin count");
      for (int i = 0; i < expected.length; i++) {
        assertEquals(
            expected[i], actual[i], 1e-12 * Math.abs(expected[i]), c.get("name") + " " + i);
      }
      compared++;
    }
    assertEquals(5, compared);
  }

  @Test
  void aBadBinningSaysWhatIsAllowed() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> NumericBinning.parse("decile"));
    assertEquals(
        "must be quantiles(n), sturges, doane or fixed(e0, e1, ...), but is 'decile'",
        e.getMessage());
    assertEquals("fixed(0, 10, 20.5)", NumericBinning.parse("fixed(0, 10, 20.5)").label());
  }

  static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  static Map<String, Long> counts(JsonNode object) {
    Map<String, Long> counts = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }
}
