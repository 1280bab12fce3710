#!/usr/bin/env python3
"""Golden kept values for CategoryCap, computed with scikit-learn's OneHotEncoder(max_categories).

Regenerate (from the repository root; scripts/tools/sklearn installs the pinned scikit-learn):
    scripts/tools/sklearn python jobs/src/test/resources/train/category_cap_golden.py \
        > jobs/src/test/resources/train/category_cap_golden.json

CategoryCapTest fits CategoryCap on the same values and requires exactly the categories
scikit-learn keeps as frequent (categories_ minus infrequent_categories_) for each limit.
Data: a long-tailed column (Zipf-like counts over 300 values, many ties in the tail), as real
merchant or postcode columns are.
"""
import json

import numpy as np
import sklearn
from sklearn.preprocessing import OneHotEncoder

rng = np.random.default_rng(20261205)
levels = [f"m{i:03d}" for i in range(300)]
weights = 1.0 / np.arange(1, 301) ** 1.1
values = list(rng.choice(levels, size=5000, p=weights / weights.sum()))
cases = []
for limit in (2, 5, 20, 100, 1000):
    encoder = OneHotEncoder(max_categories=limit, handle_unknown="infrequent_if_exist")
    encoder.fit(np.array(values).reshape(-1, 1))
    infrequent = encoder.infrequent_categories_[0]
    infrequent = set() if infrequent is None else set(infrequent)
    kept = sorted(str(c) for c in encoder.categories_[0] if c not in infrequent)
    cases.append({"max_categories": limit, "kept": kept})
print(json.dumps({"sklearn": sklearn.__version__, "values": [str(v) for v in values], "cases": cases}))
