#!/usr/bin/env bash
# scripts/bench/ingest-files.sh [SCALE ...]   (default: 1 10 30)
#
# File-ingest benchmark: `ingest-files` (typing, quarantine, exactly-once bookkeeping, manifest)
# against a plain `spark.read...write.format("delta")` of the same POS CSV and web JSON files
# with the same declared types (io.mljobs.jobs.bench.PlainDeltaLoad), in the same run, through
# the same spark-submit (scripts/mljobs, local[2], 2g driver). Data: the demo generator at each
# scale, 7 days.
# Results: bench-output/results.jsonl and a Markdown row per scale for docs/benchmarks.md.
# Environment: REPEAT (default 3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/services/env.sh
scales=("$@")
[[ ${#scales[@]} -gt 0 ]] || scales=(1 10 30)
out="$root/bench-output"
mkdir -p "$out"
schema="transaction_id STRING, event_ts TIMESTAMP, customer_id STRING, card_id STRING, merchant_id STRING, merchant_category STRING, amount DECIMAL(12,2), currency STRING, channel STRING, country STRING, entry_mode STRING"

echo "| benchmark | ingest-files s, median (min-max) | plain Spark s | ratio | rows/s | MB/s | peak RSS MiB (mljobs / plain) |"
echo "|---|---|---|---|---|---|---|"
for scale in "${scales[@]}"; do
  data="$out/data-x$scale"
  wh="$out/warehouse-x$scale"
  if [[ ! -f "$data/raw/MANIFEST.json" ]]; then
    MLJOBS_WAREHOUSE="$out/gen-warehouse" scripts/mljobs generate-demo-data --config conf/pipelines/demo \
      --run-date 2026-11-07 --run-id "bench-gen-x$scale" \
      --set mljobs.jobs.generate-demo-data.scale="$scale" --set mljobs.jobs.generate-demo-data.output="$data" >/dev/null 2>&1
  fi
  rows=$(python3 -c "import json,sys; m=json.load(open('$data/raw/MANIFEST.json')); print(sum(f['rows'] for f in m['files'] if f['path'].startswith(('raw/pos/','raw/web/'))))")
  bytes=$(cat "$data"/raw/pos/*.csv "$data"/raw/web/*.jsonl | wc -c)
  python3 scripts/bench/bench.py --name "ingest-files x$scale" --repeat "${REPEAT:-3}" \
    --rows "$rows" --bytes "$bytes" --results "$out/results.jsonl" --log "$out/bench.log" \
    --reset "rm -rf '$wh'" \
    --candidate "MLJOBS_WAREHOUSE='$wh' MLJOBS_DEMO_DATA='$data' scripts/mljobs ingest-files --config conf/pipelines/demo --run-date 2026-11-07 --set 'mljobs.jobs.ingest-files.sources=[pos_transactions, web_transactions]'" \
    --baseline "MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PlainDeltaLoad scripts/mljobs '$wh' '$schema' 'csv:$data/raw/pos:transactions_*.csv' 'json:$data/raw/web:transactions_*.jsonl'" \
    | grep '^|'
done
