package io.mljobs.jobs.score;

import io.mljobs.jobs.train.Bootstrap;
import io.mljobs.jobs.train.Metric;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The rows of {@code models.performance}: per scoring date, model version and alias, each metric's
 * realized value with its bootstrap interval on the labelled predictions, the number of labelled
 * rows, and for the judged metric the holdout value, the verdict and (challenger rows) the
 * difference to the champion on the same date.
 */
final class RealizedMetrics {
  static final StructType SCHEMA =
      StructType.fromDDL(
          "model STRING, score_date DATE, version BIGINT, alias STRING, metric STRING,"
              + " value DOUBLE, lower DOUBLE, upper DOUBLE, labelled_rows BIGINT,"
              + " positives BIGINT, holdout_value DOUBLE, verdict STRING, vs_champion DOUBLE,"
              + " run_id STRING, evaluated_at TIMESTAMP");

  /** Realized metric within margin of the holdout value. */
  static final String OK = "ok";

  /** Realized metric beyond the margin below the holdout value: performance drift. */
  static final String DEGRADED = "degraded";

  /** Too few labelled rows to judge. */
  static final String INSUFFICIENT = "insufficient_labels";

  private RealizedMetrics() {}

  /** One scored group: a date, a version under an alias, its labels and scores. */
  record Group(
      Date date,
      long version,
      String alias,
      double[] label,
      double[] score,
      OptionalDouble holdout) {}

  /** The performance rows of {@code groups} (one date may carry a champion and a challenger). */
  static List<Row> rows(
      String model,
      List<Group> groups,
      ScoringSpec spec,
      List<Metric> metrics,
      String runId,
      Timestamp now) {
    ScoringSpec.PerformanceSpec p = spec.performance();
    Bootstrap bootstrap = new Bootstrap(p.replicates(), p.confidence(), 42L);
    Map<Date, Double> championValue = new LinkedHashMap<>();
    Map<Group, Map<Metric, Bootstrap.Estimate>> estimates = new LinkedHashMap<>();
    for (Group g : groups) {
      Map<Metric, Bootstrap.Estimate> e =
          g.label().length == 0
              ? Map.of()
              : bootstrap.estimate(metrics, g.label(), g.score(), spec.threshold());
      estimates.put(g, e);
      if ("champion".equals(g.alias()) && e.containsKey(p.metric())) {
        championValue.put(g.date(), e.get(p.metric()).value());
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Group, Map<Metric, Bootstrap.Estimate>> ge : estimates.entrySet()) {
      Group g = ge.getKey();
      long positives = 0;
      for (double y : g.label()) {
        positives += y >= 0.5 ? 1 : 0;
      }
      for (Metric m : metrics) {
        Bootstrap.Estimate e = ge.getValue().get(m);
        boolean judged = m == p.metric();
        Double value = e == null || Double.isNaN(e.value()) ? null : e.value();
        String verdict = null;
        Double holdout = null;
        Double vsChampion = null;
        if (judged) {
          holdout = g.holdout().isPresent() ? g.holdout().getAsDouble() : null;
          verdict = verdict(value, holdout, g.label().length, m, p);
          Double champ = championValue.get(g.date());
          if (!"champion".equals(g.alias()) && champ != null && value != null) {
            vsChampion = value - champ;
          }
        }
        if (e == null && !judged) {
          continue;
        }
        rows.add(
            RowFactory.create(
                model,
                g.date(),
                g.version(),
                g.alias(),
                m.column(),
                value,
                e == null || Double.isNaN(e.lower()) ? null : e.lower(),
                e == null || Double.isNaN(e.upper()) ? null : e.upper(),
                (long) g.label().length,
                positives,
                holdout,
                verdict,
                vsChampion,
                runId,
                now));
      }
    }
    return rows;
  }

  /** ok, degraded (beyond the margin on the bad side of the holdout value) or insufficient. */
  static String verdict(
      Double value, Double holdout, int labelled, Metric m, ScoringSpec.PerformanceSpec p) {
    if (labelled < p.minLabelled() || value == null) {
      return INSUFFICIENT;
    }
    if (holdout == null) {
      return OK;
    }
    double drop = m.higherIsBetter() ? holdout - value : value - holdout;
    return drop > p.margin() ? DEGRADED : OK;
  }
}
