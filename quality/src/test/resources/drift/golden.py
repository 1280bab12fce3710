#!/usr/bin/env python3
"""Golden values for mljobs' drift statistics, computed with SciPy.

Regenerate (from the repository root):
    python3 quality/src/test/resources/drift/golden.py > quality/src/test/resources/drift/golden.json

DriftGoldenTest feeds the same inputs to the exact-mode code and requires every value to match to
1e-9. Conventions (the same as io.mljobs.quality.drift.DriftMath):
  * ks_statistic: scipy.stats.ks_2samp(ref, cur).statistic
  * ks_pvalue: scipy.stats.kstwobign.sf(D * sqrt(n*m/(n+m))) -- the limiting Kolmogorov
    distribution (SciPy's ks_2samp(method='asymp') uses kstwo.sf(D, round(n*m/(n+m))) since 1.5)
  * wasserstein: scipy.stats.wasserstein_distance(ref, cur)
  * bins: reference quantiles k/B, k=1..B-1, inverted CDF (numpy method='inverted_cdf', done here
    with integer arithmetic), duplicates dropped; right-closed bins (np.searchsorted side='left')
  * psi: sum((c - r) * ln(c / r)) over bin (or category) shares, each share floored at 1e-4
  * jensen_shannon: scipy.spatial.distance.jensenshannon(r, c, base=2) (a distance in [0, 1])
  * linf: numeric = KS statistic; categorical = max |r_i - c_i| over shares
  * chi2: scipy.stats.chi2_contingency([r, c], correction=False); dof 0 -> statistic 0, p 1
"""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial import distance

PSI_FLOOR = 1e-4
BINS = 10


def edges(ref, bins):
    s = np.sort(np.asarray(ref, dtype=float))
    n = len(s)
    out = []
    for k in range(1, bins):
        q = s[(k * n + bins - 1) // bins - 1]
        if not out or q > out[-1]:
            out.append(float(q))
    return np.asarray(out)


def binned(values, e):
    idx = np.searchsorted(e, np.asarray(values, dtype=float), side="left")
    return np.bincount(idx, minlength=len(e) + 1).astype(float)


def psi(r, c):
    r = np.maximum(r / r.sum(), PSI_FLOOR)
    c = np.maximum(c / c.sum(), PSI_FLOOR)
    return float(np.sum((c - r) * np.log(c / r)))


def numeric_case(name, ref, cur):
    ref = [float(x) for x in ref]
    cur = [float(x) for x in cur]
    e = edges(ref, BINS)
    r, c = binned(ref, e), binned(cur, e)
    d = float(stats.ks_2samp(ref, cur).statistic)
    en = len(ref) * len(cur) / (len(ref) + len(cur))
    return {
        "name": name,
        "kind": "numeric",
        "reference": ref,
        "current": cur,
        "bins": BINS,
        "expected": {
            "ks_statistic": d,
            "ks_pvalue": float(stats.kstwobign.sf(d * np.sqrt(en))),
            "wasserstein": float(stats.wasserstein_distance(ref, cur)),
            "psi": psi(r, c),
            "jensen_shannon": float(distance.jensenshannon(r, c, base=2)),
            "linf": d,
        },
    }


def categorical_case(name, ref_counts, cur_counts):
    cats = list(ref_counts) + [k for k in cur_counts if k not in ref_counts]
    r = np.array([ref_counts.get(k, 0) for k in cats], dtype=float)
    c = np.array([cur_counts.get(k, 0) for k in cats], dtype=float)
    keep = (r + c) > 0
    table = np.array([r[keep], c[keep]])
    if table.shape[1] < 2:
        chi2, p = 0.0, 1.0
    else:
        res = stats.chi2_contingency(table, correction=False)
        chi2, p = float(res.statistic), float(res.pvalue)
    return {
        "name": name,
        "kind": "categorical",
        "reference": ref_counts,
        "current": cur_counts,
        "expected": {
            "chi2_statistic": chi2,
            "chi2_pvalue": p,
            "psi": psi(r, c),
            "jensen_shannon": float(distance.jensenshannon(r, c, base=2)),
            "linf": float(np.max(np.abs(r / r.sum() - c / c.sum()))),
            "new_categories": float(sum(1 for k in cats if ref_counts.get(k, 0) == 0)),
            "vanished_categories": float(sum(1 for k in cats if cur_counts.get(k, 0) == 0)),
        },
    }


def main():
    rng = np.random.default_rng(20261126)
    cases = [
        numeric_case(
            "normal_shifted",
            np.round(rng.normal(100, 15, 400), 2),
            np.round(rng.normal(104, 18, 300), 2),
        ),
        numeric_case("same_distribution", rng.normal(0, 1, 500), rng.normal(0, 1, 700)),
        numeric_case("ties_small_integers", rng.integers(0, 6, 250), rng.integers(1, 7, 180)),
        numeric_case("lognormal_amounts", np.round(rng.lognormal(3, 1, 600), 2),
                     np.round(1.6 * rng.lognormal(3, 1, 600) + 5, 2)),
        numeric_case("single_valued", [5.0] * 40, [5.0] * 25),
        numeric_case("disjoint", list(range(0, 50)), list(range(100, 130))),
        categorical_case("shares_shift", {"EUR": 500, "USD": 300, "GBP": 200},
                         {"EUR": 420, "USD": 350, "GBP": 230}),
        categorical_case("new_and_vanished",
                         {"grocery": 410, "fuel": 220, "travel": 90, "pawnshop": 3},
                         {"grocery": 380, "fuel": 230, "travel": 85, "crypto_exchange": 60}),
        categorical_case("same", {"a": 100, "b": 50}, {"a": 200, "b": 100}),
        categorical_case("single_valued", {"x": 70}, {"x": 30}),
    ]
    json.dump({"scipy": __import__("scipy").__version__, "numpy": np.__version__,
               "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
