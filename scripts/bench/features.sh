#!/usr/bin/env bash
# scripts/bench/features.sh [SCALE ...]   (default: 1 10 30)
#
# Feature-build benchmark: `build-features --from 2026-11-01 --to 2026-11-07` (the demo's
# customer_activity feature set, conf/pipelines/demo/features.conf: 3 row-level features, 5 windowed
# aggregations over 24h and 7d, one as-of merchant lookup; one chunk of 7 days, column checks,
# definition hash, manifest) against a hand-written Spark window query computing the same columns
# (io.mljobs.jobs.bench.PlainFeatureQuery: one query, a join with each merchant's latest row),
# both writing a Delta table partitioned by feature_date, through the same spark-submit
# (scripts/mljobs: local[2], 2g driver), in the same run, alternating which goes first.
# Data: the demo generator at SCALE (x1 ~ 5,000 POS rows a day), 7 days, ingested with ingest-files
# (pos_transactions, merchants); the feature set reads bronze.pos_transactions (the same rows
# check-quality would promote to silver; both sides read the same table).
# Results: bench-output/results.jsonl and Markdown rows for docs/benchmarks.md (rows/s = POS rows
# of the 7 days / median wall time).
# Environment: REPEAT (default 3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/services/env.sh
scales=("$@")
[[ ${#scales[@]} -gt 0 ]] || scales=(1 10 30)
out="$root/bench-output"
mkdir -p "$out"
date=2026-11-07
from=2026-11-01
scan="MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PlainDeltaScan scripts/mljobs"
rows_md=()
for scale in "${scales[@]}"; do
  data="$out/features-data-x$scale"
  wh="$out/features-warehouse-x$scale"
  if [[ ! -f "$wh/.ready" ]]; then
    rm -rf "$data" "$wh"
    MLJOBS_WAREHOUSE="$out/gen-warehouse" scripts/mljobs generate-demo-data --config conf/pipelines/demo \
      --run-date "$date" --run-id "bench-features-gen-x$scale" \
      --set mljobs.jobs.generate-demo-data.scale="$scale" --set mljobs.jobs.generate-demo-data.output="$data" >>"$out/bench.log" 2>&1
    MLJOBS_WAREHOUSE="$wh" MLJOBS_DEMO_DATA="$data" scripts/mljobs ingest-files --config conf/pipelines/demo \
      --run-date "$date" --run-id "bench-features-ingest-x$scale" \
      --set 'mljobs.jobs.ingest-files.sources=[pos_transactions, merchants]' >>"$out/bench.log" 2>&1
    touch "$wh/.ready"
  fi
  events="$wh/bronze/pos_transactions"
  rows=$(bash -c "$scan count '$events'" 2>>"$out/bench.log" | awk -F': ' '/^\// {s += $2} END {print s + 0}')
  bytes=$(du -sb "$events" | awk '{print $1}')
  candidate="MLJOBS_WAREHOUSE='$wh' scripts/mljobs build-features --config conf/pipelines/demo --run-date $date --run-id bench-features-x$scale --from $from --to $date --set mljobs.feature-sets.customer_activity.source=bronze.pos_transactions"
  baseline="MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PlainFeatureQuery scripts/mljobs '$events' '$wh/bronze/merchants' '$wh/plain/features' $from $date"
  rows_md+=("$(python3 scripts/bench/bench.py --name "build-features x$scale ($rows rows)" --repeat "${REPEAT:-3}" \
    --rows "$rows" --bytes "$bytes" --results "$out/results.jsonl" --log "$out/bench.log" \
    --reset "rm -rf '$wh/features' '$wh/plain'" --candidate "$candidate" --baseline "$baseline" \
    | tee -a /dev/stderr | grep '^|')")
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| benchmark | build-features s, median (min-max) | hand-written window query s | ratio | rows/s | MB/s | peak RSS MiB (mljobs / plain) |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows_md[@]}"
