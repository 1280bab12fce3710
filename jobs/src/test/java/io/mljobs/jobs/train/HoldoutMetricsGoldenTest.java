package io.mljobs.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every holdout metric against scikit-learn's value for the same inputs ({@code train/golden.py},
 * checked in with its output {@code golden.json}; regenerate as its docstring says). Tolerance 1e-9
 * absolute: the formulas are the same, only the summation order differs.
 */
class HoldoutMetricsGoldenTest {
  static final double TOLERANCE = 1e-9;

  @Test
  void everyMetricMatchesScikitLearn() throws Exception {
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/train/golden.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    List<String> checked = new ArrayList<>();
    for (JsonNode c : golden.get("cases")) {
      double[] label = array(c.get("label"));
      double[] score = array(c.get("score"));
      double threshold = c.has("threshold") ? c.get("threshold").asDouble() : 0.5;
      for (Metric m : Metric.values()) {
        if (c.has(m.column())) {
          assertEquals(
              c.get(m.column()).asDouble(),
              m.compute(label, score, null, threshold),
              TOLERANCE,
              c.get("name").asText() + " " + m.column());
          checked.add(c.get("name").asText() + "." + m.column());
        }
      }
    }
    assertEquals(5 * 6 + 2 * 3, checked.size(), checked.toString());
    assertTrue(golden.get("sklearn").asText().startsWith("1."));
  }

  private static double[] array(JsonNode node) {
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = node.get(i).asDouble();
    }
    return out;
  }
}
