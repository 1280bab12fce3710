#!/usr/bin/env python3
"""Golden values for build-features' windowed aggregations, computed with pandas rolling windows.

Regenerate (from the repository root; any Python with pandas and numpy):
    python3 jobs/src/test/resources/features/golden.py jobs/src/test/resources/features

Writes events.csv (the input) and golden.csv (the expected features per event). FeatureGoldenTest
runs FeatureSetTransform on events.csv (four customers of 70 events, one of 3,000) for 2026-11-02..2026-11-03 (2026-11-01 is lookback only)
and requires every value to match golden.csv to 1e-9 (relative to max(1, |value|)).

Conventions, the same as FeatureSetTransform's (README, "Features"):
  * current-row = include: pandas rolling(window, closed='right'), i.e. (t - w, t]
  * current-row = exclude: rolling(window, closed='neither'), i.e. (t - w, t)
    (each customer's events have distinct seconds here, so same-second ties do not arise)
  * stddev: sample standard deviation (ddof = 1); null with fewer than 2 values
  * distinct-count: number of distinct merchant ids in the window
  * last: the latest value in the window
  * time-since-previous: seconds since the customer's previous event, null when it is not
    within the window (gap >= w)
  * an empty window: count 0, everything else null
"""
import os
import sys

import numpy as np
import pandas as pd

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = np.random.default_rng(20261102)
start = pd.Timestamp("2026-11-01T00:00:00Z")
rows = []
for c in range(4):
    # 70 distinct seconds over three days, clustered so windows hold several events
    secs = np.sort(rng.choice(3 * 86400, size=70, replace=False))
    for i, s in enumerate(secs):
        rows.append(
            {
                "transaction_id": f"t{c}-{i:03d}",
                "customer_id": f"c{c}",
                "merchant_id": f"m{rng.integers(0, 6)}",
                "amount": round(float(rng.gamma(2.0, 30.0)) + 0.01, 2),
                "event_ts": start + pd.Timedelta(seconds=int(s)),
            }
        )
# A skewed entity, as real data has: one customer with 3,000 events (10x the four others together),
# up to 63 inside one 1h window and 1,029 inside 24h. Its own generator, so the four customers' values stay as they were.
hot = np.random.default_rng(20261205)
for i, s in enumerate(np.sort(hot.choice(3 * 86400, size=3000, replace=False))):
    rows.append(
        {
            "transaction_id": f"hot-{i:04d}",
            "customer_id": "hot",
            "merchant_id": f"m{hot.integers(0, 50)}",
            "amount": round(float(hot.gamma(2.0, 30.0)) + 0.01, 2),
            "event_ts": start + pd.Timedelta(seconds=int(s)),
        }
    )
events = pd.DataFrame(rows)
events["event_date"] = events["event_ts"].dt.strftime("%Y-%m-%d")

features = []
for _, g in events.groupby("customer_id"):
    g = g.sort_values("event_ts").set_index("event_ts")
    f = pd.DataFrame({"transaction_id": g["transaction_id"].values}, index=g.index)
    inc1 = g["amount"].rolling("1h", closed="right")
    exc1 = g["amount"].rolling("1h", closed="neither")
    inc24 = g["amount"].rolling("24h", closed="right")
    exc24 = g["amount"].rolling("24h", closed="neither")
    f["cnt_1h"] = inc1.count().fillna(0).astype("int64")
    f["cnt_prev_24h"] = exc24.count().fillna(0).astype("int64")
    f["sum_prev_24h"] = exc24.sum()
    f["avg_24h"] = inc24.mean()
    f["avg_prev_24h"] = exc24.mean()
    f["min_prev_1h"] = exc1.min()
    f["max_1h"] = inc1.max()
    f["sd_24h"] = inc24.std(ddof=1)
    codes = g["merchant_id"].str[1:].astype(float)
    f["merchants_24h"] = (
        codes.rolling("24h", closed="right").apply(lambda a: len(np.unique(a)), raw=True)
    ).astype("int64")
    f["last_prev_1h"] = exc1.apply(lambda a: a[-1], raw=True)
    gaps = g.index.to_series().diff().dt.total_seconds()
    f["secs_prev_24h"] = gaps.where(gaps < 86400)
    features.append(f.reset_index(drop=True))
golden = pd.concat(features).sort_values("transaction_id")
# an empty exclude window: pandas gives NaN for sum; count was filled with 0 above
events_out = events.copy()
events_out["event_ts"] = events_out["event_ts"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
events_out.sort_values("transaction_id").to_csv(os.path.join(out, "events.csv"), index=False)
golden.to_csv(os.path.join(out, "golden.csv"), index=False, float_format="%.17g", na_rep="")
print(f"{len(events)} events, pandas {pd.__version__}, numpy {np.__version__}")
