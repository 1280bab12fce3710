#!/usr/bin/env python3
"""Golden values for build-training-set's point-in-time join, computed with pandas.

Regenerate (from the repository root; any Python with pandas, e.g. the Airflow virtualenv):
    /root/.cache/mljobs/venv-airflow-3.1.8/bin/python jobs/src/test/resources/trainingset/golden.py

Writes, next to this script:
  features.csv         entity, event_s, created_s, f_num, f_cat   (times in epoch seconds)
  labels.csv           label_id, entity, label_s
  expected_event.csv   label_id, event_s, f_num, f_cat   (event-time join: pandas.merge_asof)
  expected_created.csv label_id, event_s, f_num, f_cat   (also created_s <= label time: brute force)

Conventions (the same as io.mljobs.jobs.trainingset.PointInTimeJoin):
  * event-time join: pandas.merge_asof(labels, features, left_on=label_s, right_on=event_s,
    by=entity, direction="backward", allow_exact_matches=True, tolerance=TTL): the latest feature
    row with event_s <= label_s, used when label_s - event_s <= TTL (inclusive), else nulls.
    Ties on event_s: the join has no created-time column here, so the greater feature values win
    (f_num, then f_cat): the features are sorted by (event_s, f_num, f_cat) and merge_asof takes
    the last of equal keys. (The skewed entity has many such ties; the others almost none.)
  * created-time join: merge_asof cannot add a second condition, so each label is checked by brute
    force: among rows with event_s <= label_s and created_s <= label_s, the greatest
    (event_s, created_s); used when label_s - event_s <= TTL.
  * No nulls in the data; no coverage bounds. PointInTimeGoldenTest requires exact equality.
"""
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
TTL = 2 * 86400
START = 1793491200  # 2026-11-01T00:00:00Z
rng = np.random.default_rng(20261205)

entities = [f"c{i:02d}" for i in range(25)]
n_features = 600
features = pd.DataFrame(
    {
        "entity": rng.choice(entities[:22], n_features),  # c22..c24 never have history
        # Whole minutes, so equal event times happen (ties).
        "event_s": START + 60 * rng.integers(0, 10 * 24 * 60 // 4, n_features) * 4,
    }
)
# Most rows are created with their event; a quarter are backfilled up to 3 days later.
delay = np.where(rng.random(n_features) < 0.25, rng.integers(1, 3 * 86400, n_features), 0)
features["created_s"] = features["event_s"] + delay
# created_s unique within an entity (ties on event_s are broken by it).
features["created_s"] += np.arange(n_features)
features["f_num"] = np.round(rng.normal(50, 20, n_features), 2)
features["f_cat"] = rng.choice(["a", "b", "c"], n_features)

n_labels = 400
labels = pd.DataFrame(
    {
        "label_id": [f"l{i:03d}" for i in range(n_labels)],
        "entity": rng.choice(entities, n_labels),
        "label_s": START + rng.integers(-86400, 12 * 86400, n_labels),
    }
)
# Some labels exactly on a feature's event time, and exactly TTL after one (boundary cases).
on = features.sample(30, random_state=1)
labels.loc[:29, "entity"] = on["entity"].values
labels.loc[:29, "label_s"] = on["event_s"].values
labels.loc[30:59, "entity"] = on["entity"].values
labels.loc[30:59, "label_s"] = on["event_s"].values + TTL

# A skewed entity, as real data has: "hot" holds 5,000 feature rows (8x all others together) and 300
# labels. Its own generator, so the other entities' rows stay as they were.
hot = np.random.default_rng(20261206)
n_hot = 5000
hot_features = pd.DataFrame(
    {
        "entity": "hot",
        "event_s": START + 60 * hot.integers(0, 10 * 24 * 60, n_hot),
    }
)
hot_delay = np.where(hot.random(n_hot) < 0.25, hot.integers(1, 3 * 86400, n_hot), 0)
hot_features["created_s"] = hot_features["event_s"] + hot_delay + np.arange(n_hot)
hot_features["f_num"] = np.round(hot.normal(50, 20, n_hot), 2)
hot_features["f_cat"] = hot.choice(["a", "b", "c"], n_hot)
hot_labels = pd.DataFrame(
    {
        "label_id": [f"h{i:03d}" for i in range(300)],
        "entity": "hot",
        "label_s": START + hot.integers(-86400, 12 * 86400, 300),
    }
)
features = pd.concat([features, hot_features], ignore_index=True)
labels = pd.concat([labels, hot_labels], ignore_index=True)

features.to_csv(os.path.join(HERE, "features.csv"), index=False)
labels.to_csv(os.path.join(HERE, "labels.csv"), index=False)

# Without a created-time column the join knows no creation order: ties go to the greater feature values.
right = features.sort_values(["event_s", "f_num", "f_cat"], kind="stable")
left = labels.sort_values("label_s", kind="stable")
event = pd.merge_asof(
    left,
    right,
    left_on="label_s",
    right_on="event_s",
    by="entity",
    direction="backward",
    allow_exact_matches=True,
    tolerance=TTL,
)
event = event.sort_values("label_id")[["label_id", "event_s", "f_num", "f_cat"]]
event["event_s"] = event["event_s"].astype("Int64")
event.to_csv(os.path.join(HERE, "expected_event.csv"), index=False)

rows = []
for lab in labels.itertuples():
    cand = features[
        (features.entity == lab.entity)
        & (features.event_s <= lab.label_s)
        & (features.created_s <= lab.label_s)
    ].sort_values(["event_s", "created_s"])
    if len(cand) and lab.label_s - cand.iloc[-1].event_s <= TTL:
        best = cand.iloc[-1]
        rows.append((lab.label_id, int(best.event_s), best.f_num, best.f_cat))
    else:
        rows.append((lab.label_id, None, None, None))
created = pd.DataFrame(rows, columns=["label_id", "event_s", "f_num", "f_cat"]).sort_values("label_id")
created["event_s"] = created["event_s"].astype("Int64")
created.to_csv(os.path.join(HERE, "expected_created.csv"), index=False)

print(
    "labels", len(labels), "features", len(features),
    "event-join matched", int(event.event_s.notna().sum()),
    "created-join matched", int(created.event_s.notna().sum()),
    "event != created", int((event.event_s.fillna(-1).values != created.event_s.fillna(-1).values).sum()),
)
