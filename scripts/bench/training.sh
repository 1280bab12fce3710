#!/usr/bin/env bash
# scripts/bench/training.sh [SCALE ...]   (default: 1 10)
#
# Training benchmark: `train-models` on the demo config (conf/pipelines/demo/models.conf: logistic
# regression with a 2-point grid, random forest with a 2-point grid, GBT, XGBoost) at each SCALE,
# wall time of the whole job, then scikit-learn (scripts/bench/train_sklearn.py) on the very split
# train-models exported, family by family: holdout AUC of both (must agree within 0.01) and both
# training times. The training set is the demo's training.fraud when WAREHOUSE has one
# (scripts/run-demo.sh with build-training-set); otherwise a seeded stand-in with the contract's
# columns is written there (scripts/bench/make_training_set.py, 5,000 x SCALE rows a day, 5 days).
# Environment: WAREHOUSE (default bench-output/training-warehouse-<scale>).
# Needs the job jar (./mvnw -DskipTests package) and scripts/tools/{sklearn,deltalake}.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/services/env.sh
scales=("$@")
[[ ${#scales[@]} -gt 0 ]] || scales=(1 10)
out="$root/bench-output"
mkdir -p "$out"
for scale in "${scales[@]}"; do
  wh="${WAREHOUSE:-$out/training-warehouse-$scale}"
  if [[ ! -d "$wh/training/fraud/_delta_log" ]]; then
    scripts/tools/deltalake python scripts/bench/make_training_set.py "$wh" --scale "$scale"
  fi
  export_dir="$out/training-split-$scale"
  start=$(date +%s.%N)
  scripts/mljobs train-models --config conf/pipelines/demo --env local --run-date 2026-11-08 \
    --run-id "bench-train-x$scale-$(date +%s)" \
    --set "mljobs.warehouse=$wh" --set "mljobs.jobs.train-models.export-split=$export_dir" \
    > "$out/training-x$scale.log" 2>&1
  end=$(date +%s.%N)
  echo "== train-models x$scale: $(echo "$end - $start" | bc) s wall (log: $out/training-x$scale.log)"
  scripts/tools/sklearn python scripts/bench/train_sklearn.py "$export_dir/fraud" | tee "$out/training-sklearn-x$scale.md"
done
