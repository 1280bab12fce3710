package io.mljobs.jobs.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The holdout metrics, computed on the driver from the holdout's labels and scores (holdouts are
 * small; the bootstrap recomputes them on resampled indices). Each follows scikit-learn's
 * definition, checked by {@code HoldoutMetricsGoldenTest}: {@code roc_auc_score} (ties get half
 * credit), {@code average_precision_score} as AUC-PR, {@code log_loss} (probabilities clipped to
 * [eps, 1 - eps], eps = 2^-52), precision/recall/F1 with {@code score >= threshold} predicted
 * positive (0 when undefined), {@code root_mean_squared_error}, {@code mean_absolute_error}, {@code
 * r2_score}.
 */
public enum Metric {
  AUC_ROC(true),
  AUC_PR(true),
  LOG_LOSS(false),
  PRECISION(true),
  RECALL(true),
  F1(true),
  RMSE(false),
  MAE(false),
  R2(true);

  private static final double EPS = Math.ulp(1.0);
  private final boolean higherIsBetter;

  Metric(boolean higherIsBetter) {
    this.higherIsBetter = higherIsBetter;
  }

  /** The metrics reported for {@code task}, in report order. */
  public static List<Metric> of(Task task) {
    return task == Task.BINARY_CLASSIFICATION
        ? List.of(AUC_ROC, AUC_PR, LOG_LOSS, PRECISION, RECALL, F1)
        : List.of(RMSE, MAE, R2);
  }

  /** Its column name ({@code auc_roc}). */
  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /**
   * The metric of {@code score} against {@code label} over the rows {@code index} picks (a
   * bootstrap replicate; {@code null} = every row). NaN when undefined (one class only for AUC).
   */
  public double compute(double[] label, double[] score, int[] index, double threshold) {
    double[] y = pick(label, index);
    double[] s = pick(score, index);
    return switch (this) {
      case AUC_ROC -> aucRoc(y, s);
      case AUC_PR -> averagePrecision(y, s);
      case LOG_LOSS -> logLoss(y, s);
      case PRECISION -> confusion(y, s, threshold)[0];
      case RECALL -> confusion(y, s, threshold)[1];
      case F1 -> confusion(y, s, threshold)[2];
      case RMSE -> Math.sqrt(meanSquaredError(y, s));
      case MAE -> meanAbsoluteError(y, s);
      case R2 -> r2(y, s);
    };
  }

  private static double[] pick(double[] values, int[] index) {
    if (index == null) {
      return values;
    }
    double[] out = new double[index.length];
    for (int i = 0; i < index.length; i++) {
      out[i] = values[index[i]];
    }
    return out;
  }

  /** Row order by score, descending. */
  private static Integer[] byScoreDescending(double[] s) {
    Integer[] order = new Integer[s.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
    return order;
  }

  /** Mann-Whitney: the share of (positive, negative) pairs ranked right, ties counting half. */
  static double aucRoc(double[] y, double[] s) {
    Integer[] order = byScoreDescending(s);
    double positives = 0;
    double negatives = 0;
    double area = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      double tiedPos = 0;
      double tiedNeg = 0;
      while (j < order.length && s[order[j]] == s[order[i]]) {
        if (y[order[j]] > 0.5) {
          tiedPos++;
        } else {
          tiedNeg++;
        }
        j++;
      }
      // Negatives in this tie group are beaten by every positive above, half by the tied ones.
      area += tiedNeg * (positives + tiedPos / 2.0);
      positives += tiedPos;
      negatives += tiedNeg;
      i = j;
    }
    return positives == 0 || negatives == 0 ? Double.NaN : area / (positives * negatives);
  }

  /** scikit-learn's average precision: sum over thresholds of (R_n - R_n-1) * P_n. */
  static double averagePrecision(double[] y, double[] s) {
    Integer[] order = byScoreDescending(s);
    double total = 0;
    for (double v : y) {
      total += v > 0.5 ? 1 : 0;
    }
    if (total == 0) {
      return Double.NaN;
    }
    double tp = 0;
    double seen = 0;
    double lastRecall = 0;
    double ap = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j < order.length && s[order[j]] == s[order[i]]) {
        tp += y[order[j]] > 0.5 ? 1 : 0;
        seen++;
        j++;
      }
      double recall = tp / total;
      ap += (recall - lastRecall) * (tp / seen);
      lastRecall = recall;
      i = j;
    }
    return ap;
  }

  static double logLoss(double[] y, double[] p) {
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      double q = Math.min(Math.max(p[i], EPS), 1 - EPS);
      sum += y[i] > 0.5 ? -Math.log(q) : -Math.log(1 - q);
    }
    return sum / y.length;
  }

  /** Precision, recall and F1 of {@code s >= threshold}; 0 where a denominator is 0. */
  static double[] confusion(double[] y, double[] s, double threshold) {
    double tp = 0;
    double fp = 0;
    double fn = 0;
    for (int i = 0; i < y.length; i++) {
      boolean predicted = s[i] >= threshold;
      boolean actual = y[i] > 0.5;
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      }
    }
    double precision = tp + fp == 0 ? 0 : tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : tp / (tp + fn);
    double f1 = tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
    return new double[] {precision, recall, f1};
  }

  private static double meanSquaredError(double[] y, double[] s) {
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += (y[i] - s[i]) * (y[i] - s[i]);
    }
    return sum / y.length;
  }

  private static double meanAbsoluteError(double[] y, double[] s) {
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += Math.abs(y[i] - s[i]);
    }
    return sum / y.length;
  }

  /**
   * 1 - SS_res / SS_tot; as scikit-learn (force_finite): 1 for a perfect fit, else 0 if SS_tot = 0.
   */
  private static double r2(double[] y, double[] s) {
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= y.length;
    double res = 0;
    double tot = 0;
    for (int i = 0; i < y.length; i++) {
      res += (y[i] - s[i]) * (y[i] - s[i]);
      tot += (y[i] - mean) * (y[i] - mean);
    }
    if (tot == 0) {
      return res == 0 ? 1.0 : 0.0;
    }
    return 1 - res / tot;
  }
}
