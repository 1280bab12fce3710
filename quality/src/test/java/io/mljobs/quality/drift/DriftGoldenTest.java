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
              c.get("bins").asInt());
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
  }

  @Test
  void kolmogorovSurvivalMatchesKnownValues() {
    // Q(1.0) and Q(0.5) of the Kolmogorov distribution (scipy.special.kolmogorov).
    assertEquals(0.26999967167735456, DriftMath.kolmogorovSf(1.0), TOLERANCE);
    assertEquals(0.9639452436648751, DriftMath.kolmogorovSf(0.5), TOLERANCE);
    assertEquals(1.0, DriftMath.kolmogorovSf(0.0));
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
