#!/usr/bin/env python3
"""scikit-learn on the split train-models exported, family by family, next to MLlib's figures.

    scripts/tools/sklearn python scripts/bench/train_sklearn.py EXPORT_DIR/<model> [--tolerance 0.01]

EXPORT_DIR/<model> is what `train-models --set mljobs.jobs.train-models.export-split=EXPORT_DIR`
wrote: train/, validation/, holdout/ (CSV, label + declared features) and leaderboard.json (each
candidate's algorithm, params - fixed and tuned -, holdout metrics, train seconds). Like
train-models' refit, each family is fitted on train + validation with the candidate's chosen params,
the same preprocessing (median imputation, one-hot with unseen values ignored, balanced class
weights when the model has them) and scored on the same holdout rows. Families:
  logistic-regression -> LogisticRegression (unpenalized when regParam = 0; scaled inputs)
  random-forest       -> RandomForestClassifier(n_estimators=numTrees, max_depth=maxDepth, sqrt features)
  gbt                 -> HistGradientBoostingClassifier(max_iter=maxIter, max_depth=maxDepth, learning_rate=stepSize),
                         or with --gbt exact GradientBoostingClassifier (the same parameters; exact
                         splits, the algorithm MLlib's GBTClassifier implements, but MLlib bins
                         features into maxBins = 32 candidate splits)
  xgboost             -> xgboost.XGBClassifier when the xgboost package is installed, else skipped
Prints a Markdown table (holdout AUC of both, difference, within tolerance, train seconds of both)
and exits 1 if a comparable family differs by more than the tolerance.
"""
import argparse
import glob
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (
    GradientBoostingClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def load(folder):
    parts = sorted(glob.glob(f"{folder}/part-*.csv"))
    return pd.concat([pd.read_csv(p) for p in parts], ignore_index=True)


def estimator(algorithm, params, seed, n_train, gbt="hist"):
    if algorithm == "logistic-regression":
        reg = float(params.get("regParam", 0.0))
        kw = {"penalty": None} if reg == 0 else {"C": 1.0 / (reg * n_train)}
        return LogisticRegression(max_iter=int(params.get("maxIter", 100)) * 10, **kw), True
    if algorithm == "random-forest":
        return RandomForestClassifier(
            n_estimators=int(params.get("numTrees", 20)),
            max_depth=int(params.get("maxDepth", 5)),
            max_features="sqrt",
            random_state=seed,
            n_jobs=1,
        ), False
    if algorithm == "gbt" and gbt == "exact":
        return GradientBoostingClassifier(
            n_estimators=int(params.get("maxIter", 20)),
            max_depth=int(params.get("maxDepth", 5)),
            learning_rate=float(params.get("stepSize", 0.1)),
            random_state=seed,
        ), False
    if algorithm == "gbt":
        return HistGradientBoostingClassifier(
            max_iter=int(params.get("maxIter", 20)),
            max_depth=int(params.get("maxDepth", 5)),
            learning_rate=float(params.get("stepSize", 0.1)),
            early_stopping=False,
            random_state=seed,
        ), False
    if algorithm == "xgboost":
        try:
            import xgboost
        except ImportError:
            return None, False
        return xgboost.XGBClassifier(
            n_estimators=int(params.get("numRound", 100)),
            max_depth=int(params.get("max_depth", 6)),
            learning_rate=float(params.get("eta", 0.3)),
            n_jobs=1,
            random_state=seed,
        ), False
    return None, False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export")
    ap.add_argument("--tolerance", type=float, default=0.01)
    ap.add_argument("--gbt", choices=["hist", "exact"], default="hist")
    args = ap.parse_args()
    spec = json.load(open(f"{args.export}/leaderboard.json"))
    num, cat = spec["numeric"], spec["categorical"]
    train = pd.concat([load(f"{args.export}/train"), load(f"{args.export}/validation")], ignore_index=True)
    hold = load(f"{args.export}/holdout")
    for frame in (train, hold):
        for c in cat:
            frame[c] = frame[c].fillna("__null__").astype(str)
    y, yh = train["label"].to_numpy(), hold["label"].to_numpy()
    weight = None
    if spec["class_weights"]:
        counts = {v: (y == v).sum() for v in np.unique(y)}
        weight = np.array([len(y) / (2.0 * counts[v]) for v in y])
    print(f"{spec['model']}: {len(train)} train+validation rows, {len(hold)} holdout rows ({spec['windows']})")
    print("| candidate | family | MLlib AUC | scikit-learn AUC | diff | within | MLlib s | scikit-learn s |")
    print("|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for c in spec["candidates"]:
        est, scale = estimator(c["algorithm"], c["params"], spec["seed"], len(train), args.gbt)
        mllib = c["metrics"]["auc_roc"]
        if est is None:
            print(f"| {c['name']} | {c['algorithm']} | {mllib:.4f} | (not installed) | | | {c['train_seconds']:.1f} | |")
            continue
        numeric = [SimpleImputer(strategy="median")] + ([StandardScaler()] if scale else [])
        pre = ColumnTransformer(
            [("num", make_pipeline(*numeric), num), ("cat", OneHotEncoder(handle_unknown="ignore"), cat)]
        )
        model = Pipeline([("pre", pre), ("est", est)])
        start = time.monotonic()
        model.fit(train[num + cat], y, est__sample_weight=weight)
        seconds = time.monotonic() - start
        auc = roc_auc_score(yh, model.predict_proba(hold[num + cat])[:, 1])
        diff = auc - mllib
        ok = abs(diff) <= args.tolerance
        worst = max(worst, abs(diff))
        print(
            f"| {c['name']} | {c['algorithm']} | {mllib:.4f} | {auc:.4f} | {diff:+.4f} | {'yes' if ok else 'NO'}"
            f" | {c['train_seconds']:.1f} | {seconds:.1f} |"
        )
    print(f"largest |AUC difference|: {worst:.4f} (tolerance {args.tolerance})")
    sys.exit(0 if worst <= args.tolerance else 1)


if __name__ == "__main__":
    main()
