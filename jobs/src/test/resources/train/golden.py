#!/usr/bin/env python3
"""Golden values for train-models' holdout metrics, computed with scikit-learn.

Regenerate (from the repository root; scripts/tools/sklearn installs the pinned scikit-learn):
    scripts/tools/sklearn python jobs/src/test/resources/train/golden.py \
        > jobs/src/test/resources/train/golden.json

HoldoutMetricsGoldenTest feeds the same inputs to io.mljobs.jobs.train.Metric and requires every
value to match to 1e-9 (absolute). Conventions (the same as Metric's Javadoc):
  * auc_roc: sklearn.metrics.roc_auc_score(y, s)
  * auc_pr: sklearn.metrics.average_precision_score(y, s)
  * log_loss: sklearn.metrics.log_loss(y, p, labels=[0, 1]) (clips p to [eps, 1 - eps], eps = float64 eps)
  * precision / recall / f1: precision_score / recall_score / f1_score of (s >= threshold),
    zero_division=0
  * rmse / mae / r2: root_mean_squared_error, mean_absolute_error, r2_score
Cases include ties (scores rounded to 1-2 decimals), extreme probabilities (0 and 1), a threshold
no score reaches, and a constant regression target.
"""
import json

import numpy as np
import sklearn
from sklearn import metrics

rng = np.random.default_rng(20261205)


def classification(name, y, s, threshold):
    y = np.asarray(y, dtype=float)
    s = np.asarray(s, dtype=float)
    pred = (s >= threshold).astype(int)
    return {
        "name": name,
        "label": y.tolist(),
        "score": s.tolist(),
        "threshold": threshold,
        "auc_roc": metrics.roc_auc_score(y, s),
        "auc_pr": metrics.average_precision_score(y, s),
        "log_loss": metrics.log_loss(y, s, labels=[0, 1]),
        "precision": metrics.precision_score(y, pred, zero_division=0),
        "recall": metrics.recall_score(y, pred, zero_division=0),
        "f1": metrics.f1_score(y, pred, zero_division=0),
    }


def regression(name, y, s):
    y = np.asarray(y, dtype=float)
    s = np.asarray(s, dtype=float)
    return {
        "name": name,
        "label": y.tolist(),
        "score": s.tolist(),
        "rmse": metrics.root_mean_squared_error(y, s),
        "mae": metrics.mean_absolute_error(y, s),
        "r2": metrics.r2_score(y, s),
    }


cases = []
# A realistic imbalanced holdout: scores correlated with the label.
n = 600
y = (rng.random(n) < 0.08).astype(int)
s = 1 / (1 + np.exp(-(rng.normal(size=n) + 1.8 * y - 2.0)))
cases.append(classification("imbalanced", y, s, 0.5))
cases.append(classification("imbalanced_low_threshold", y, s, 0.1))
# Heavy ties: scores rounded to one decimal.
y = (rng.random(300) < 0.3).astype(int)
s = np.round(np.clip(rng.normal(0.3 + 0.3 * y, 0.2), 0, 1), 1)
cases.append(classification("ties", y, s, 0.5))
# Extreme probabilities exercise log loss clipping; a threshold no score reaches gives P = R = F1 = 0.
y = np.array([0, 1, 1, 0, 1, 0, 0, 1, 0, 0], dtype=float)
s = np.array([0.0, 1.0, 0.7, 0.2, 0.0, 1.0, 0.3, 0.9, 0.1, 0.4])
cases.append(classification("extremes", y, s, 0.5))
cases.append(classification("nothing_predicted", y, s, 1.01 - 1e-12))

x = rng.normal(size=400)
yr = 3 * x + rng.normal(size=400)
cases.append(regression("linear", yr, 2.8 * x + 0.1))
cases.append(regression("constant_target", np.full(20, 2.5), np.linspace(2, 3, 20)))

print(json.dumps({"sklearn": sklearn.__version__, "cases": cases}, indent=1))
