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
  * wasserstein_normed: wasserstein / max(np.std(ref), 0.001) (Evidently's normed Wasserstein)
  * binning sturges / doane: np.histogram_bin_edges(np.concatenate([ref, cur]), bins=...) and
    np.histogram counts (left-closed bins, last closed), as Evidently does with sturges;
    fixed(edges): np.histogram over the given edges plus an underflow (< first) and an overflow
    (> last) bin, so no value is dropped
  * log-base: the base of jensenshannon (2, or e as Evidently's distance.jensenshannon(r, c))
  * missing_share: |current missing share - reference missing share| (null and NaN are missing)

"sketch_cases" hold generated heavy-tailed and discrete columns (splitmix64 uniforms, turned into
values with IEEE-exact operations only, so Java regenerates the very same values: see
DriftGoldenData.java) with their SciPy values; DriftSketchGoldenTest requires exact mode to match to
1e-9 and sketch mode to stay within the documented tolerance.
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


def histogram(values, e):
    """np.histogram over edges e, plus the values below e[0] and above e[-1]."""
    values = np.asarray(values, dtype=float)
    inside = np.histogram(values, bins=e)[0].astype(float)
    return np.concatenate([[np.sum(values < e[0])], inside, [np.sum(values > e[-1])]])


def binned_pair(ref, cur, binning):
    if binning == "quantiles(10)":
        e = edges(ref, BINS)
        return binned(ref, e), binned(cur, e), None
    if binning in ("sturges", "doane"):
        e = np.histogram_bin_edges(np.concatenate([ref, cur]), bins=binning)
    else:  # fixed(a, b, ...)
        e = np.asarray([float(x) for x in binning[len("fixed("):-1].split(",")])
    return histogram(ref, e), histogram(cur, e), [float(x) for x in e]


def numeric_case(name, ref, cur, binning="quantiles(10)", log_base=2, inputs=True):
    ref = [float(x) for x in ref]
    cur = [float(x) for x in cur]
    r, c, e = binned_pair(np.asarray(ref), np.asarray(cur), binning)
    d = float(stats.ks_2samp(ref, cur).statistic)
    en = len(ref) * len(cur) / (len(ref) + len(cur))
    w = float(stats.wasserstein_distance(ref, cur))
    case = {
        "name": name,
        "kind": "numeric",
        "bins": BINS,
        "binning": binning,
        "log_base": "e" if log_base is None else str(log_base),
        "expected": {
            "ks_statistic": d,
            "ks_pvalue": float(stats.kstwobign.sf(d * np.sqrt(en))),
            "wasserstein": w,
            "wasserstein_normed": w / max(float(np.std(ref)), 0.001),
            "psi": psi(r, c),
            "jensen_shannon": float(distance.jensenshannon(r, c, base=log_base)),
            "linf": d,
        },
    }
    if e is not None:
        case["edges"] = e
    if inputs:
        case["reference"] = ref
        case["current"] = cur
    return case


MASK = (1 << 64) - 1


def uniforms(seed, n):
    """splitmix64 (Steele et al.) -> doubles in (0, 1): ((z >> 11) + 0.5) / 2^53."""
    out = np.empty(n)
    state = seed & MASK
    for i in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        out[i] = ((z >> 11) + 0.5) / 9007199254740992.0
    return out


def generated(kind, seed, n, scale):
    """IEEE-exact transforms (division, sqrt, rint, min) only, so Java gets the same doubles."""
    u = uniforms(seed, n)
    if kind == "lomax_amount":  # Lomax(alpha=2) amounts in cents, capped at 5000
        return np.minimum(5000.0, np.rint(100.0 * scale * (1.0 / np.sqrt(u) - 1.0)) / 100.0)
    if kind == "zeta_count":  # P(k) ~ 1/k^2 counts, capped at 10000
        return np.minimum(10000.0, np.floor(scale / u))
    if kind == "small_int":  # 0..5, discrete
        return np.floor(6.0 * u)
    raise ValueError(kind)


def sketch_case(name, kind, ref_seed, cur_seed, n_ref, n_cur, ref_scale, cur_scale):
    ref = generated(kind, ref_seed, n_ref, ref_scale)
    cur = generated(kind, cur_seed, n_cur, cur_scale)
    case = numeric_case(name, ref, cur, inputs=False)
    case["generator"] = {"kind": kind, "reference": {"seed": ref_seed, "n": n_ref, "scale": ref_scale},
                         "current": {"seed": cur_seed, "n": n_cur, "scale": cur_scale}}
    case["checksum"] = {"reference_sum": float(np.sum(ref)), "current_sum": float(np.sum(cur))}
    return case


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
    binning_rng = np.random.default_rng(20261205)
    b_ref = np.round(binning_rng.lognormal(3, 1, 500), 2)
    b_cur = np.round(1.3 * binning_rng.lognormal(3, 1, 400) + 2, 2)
    for binning in ("sturges", "doane", "fixed(0, 10, 20, 50, 100, 200)"):
        for base in (2, None):
            label = binning.split("(")[0] + ("_ln" if base is None else "_log2")
            cases.append(numeric_case("binning_" + label, b_ref, b_cur, binning, base))
    cases.append(numeric_case("binning_sturges_ties", rng.integers(0, 6, 250),
                              rng.integers(1, 7, 180), "sturges", None))
    sketch_cases = [
        sketch_case("lomax_amount_no_drift", "lomax_amount", 11, 12, 100000, 20000, 15.0, 15.0),
        sketch_case("lomax_amount_shift", "lomax_amount", 13, 14, 100000, 20000, 15.0, 16.5),
        sketch_case("zeta_count_no_drift", "zeta_count", 21, 22, 100000, 20000, 1.0, 1.0),
        sketch_case("small_int_no_drift", "small_int", 31, 32, 100000, 20000, 1.0, 1.0),
    ]
    json.dump({"scipy": __import__("scipy").__version__, "numpy": np.__version__,
               "cases": cases, "sketch_cases": sketch_cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
