#!/usr/bin/env python3
"""A stand-in for the demo's training.fraud (CONTRACT.md, 2), for benchmarking train-models alone.

    scripts/tools/deltalake python scripts/bench/make_training_set.py WAREHOUSE [--scale N] [--days 5]

Writes WAREHOUSE/training/fraud (Delta, via delta-rs) with the contract's columns: 5,000 x SCALE
labelled rows per day from 2026-11-01, fraud base rate ~1.5%, fraud odds rising with the amount,
night hours, a high merchant risk tier and a burst of recent transactions. Seeded (Python's
random.Random(42)). Use the real table (scripts/run-demo.sh, build-training-set) when it exists.
"""
import argparse
import math
import random
from datetime import datetime, timedelta, timezone

import pyarrow as pa
from deltalake import write_deltalake

ap = argparse.ArgumentParser()
ap.add_argument("warehouse")
ap.add_argument("--scale", type=int, default=1)
ap.add_argument("--days", type=int, default=5)
args = ap.parse_args()
rnd = random.Random(42)
cats = ["grocery", "fuel", "electronics", "travel", "restaurants", "online"]
start = datetime(2026, 11, 1, tzinfo=timezone.utc)
cols = {k: [] for k in ["transaction_id", "customer_id", "event_ts", "is_fraud", "amount", "hour_of_day",
                        "merchant_category", "txn_count_24h", "amount_avg_7d", "amount_max_24h",
                        "merchant_distinct_7d", "secs_since_prev", "merchant_risk_tier"]}
n = 5000 * args.scale * args.days
for i in range(n):
    d, s = rnd.randrange(args.days), rnd.randrange(86400)
    amount = math.exp(rnd.gauss(3.5, 1.0))
    hour = s // 3600
    txn24 = 1 + sum(1 for _ in range(6) if rnd.random() < 0.5)
    tier = rnd.choices(["low", "medium", "high"], [0.6, 0.3, 0.1])[0]
    cat = rnd.choice(cats)
    logit = (-5.2 + 0.6 * (math.log(amount) - 3.5) + 0.8 * (hour < 5 or hour > 22) + 1.2 * (tier == "high")
             + 0.15 * (txn24 - 3) + 0.5 * (cat == "electronics"))
    cols["transaction_id"].append(f"t{i}")
    cols["customer_id"].append(f"c{rnd.randrange(2000 * args.scale)}")
    cols["event_ts"].append(start + timedelta(days=d, seconds=s))
    cols["is_fraud"].append(1 if rnd.random() < 1 / (1 + math.exp(-logit)) else 0)
    cols["amount"].append(amount)
    cols["hour_of_day"].append(hour)
    cols["merchant_category"].append(cat)
    cols["txn_count_24h"].append(txn24)
    cols["amount_avg_7d"].append(None if rnd.random() < 0.1 else amount * math.exp(rnd.gauss(0, 0.5)))
    cols["amount_max_24h"].append(None if rnd.random() < 0.2 else amount * math.exp(abs(rnd.gauss(0, 0.7))))
    cols["merchant_distinct_7d"].append(rnd.randrange(1, 15))
    cols["secs_since_prev"].append(None if rnd.random() < 0.05 else rnd.expovariate(1 / 20000))
    cols["merchant_risk_tier"].append(tier)
types = {"event_ts": pa.timestamp("us", tz="UTC"), "is_fraud": pa.int32(), "hour_of_day": pa.int32(),
         "txn_count_24h": pa.int64(), "merchant_distinct_7d": pa.int64()}
table = pa.table({k: pa.array(v, types.get(k)) for k, v in cols.items()})
write_deltalake(f"{args.warehouse}/training/fraud", table, mode="overwrite")
print(f"training.fraud: {n} rows, fraud rate {sum(cols['is_fraud']) / n:.4f}")
