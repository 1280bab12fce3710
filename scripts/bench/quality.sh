#!/usr/bin/env bash
# scripts/bench/quality.sh [COLUMNS ...]   (default: 10 50 100)
#
# Quality benchmark: `check-quality` (all configured checks, promote = false; a failed gate, exit 3,
# stops the benchmark) followed by `profile` on the demo transactions (pos_transactions,
# web_transactions), widened with generated columns to COLUMNS data columns each (the declared
# schema has 11; `PlainDeltaScan widen` adds the rest: alternately a random double and a
# low-cardinality string), against one plain full scan of the same two bronze tables
# (io.mljobs.jobs.bench.PlainDeltaScan scan: every column of every row read into Spark's noop sink;
# a bare count() would be answered from the Delta log without reading the data), through the same
# spark-submit (scripts/mljobs: local[2], 2g driver).
# Data: the demo generator at SCALE (default 10), 7 days, ingested with ingest-files for 2026-11-07.
# Every run writes Spark's event log; the last run of each command gives the Spark jobs, stages and
# bytes read from storage (scripts/bench/eventlog.py), in bench-output/quality-jobs.txt.
# Results: bench-output/results.jsonl, bench-output/quality-jobs.txt and Markdown rows for
# docs/benchmarks.md.
# Environment: SCALE (default 10), REPEAT (default 3), DAYS (default 7), ROWS_PER_DAY (generator
# override, for a quick tiny run: ROWS_PER_DAY=50 DAYS=1 REPEAT=1 SCALE=1 scripts/bench/quality.sh 12).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/services/env.sh
columns=("$@")
[[ ${#columns[@]} -gt 0 ]] || columns=(10 50 100)
declared=11
out="$root/bench-output"
mkdir -p "$out"
date=2026-11-07
scale="${SCALE:-10}"
days="${DAYS:-7}"
# The generated days end on the run date, so freshness checks pass; no drift (not measured here).
start=$(date -u -d "$date - $((days - 1)) days" +%F)
gen_args=(--set mljobs.jobs.generate-demo-data.days="$days" --set mljobs.jobs.generate-demo-data.start-date="$start"
  --set mljobs.jobs.generate-demo-data.drift-from="$(date -u -d "$date + 1 day" +%F)")
[[ -z "${ROWS_PER_DAY:-}" ]] || gen_args+=(--set mljobs.jobs.generate-demo-data.rows-per-day="$ROWS_PER_DAY")
scan="MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PlainDeltaScan scripts/mljobs"

tag="x$scale${ROWS_PER_DAY:+-r$ROWS_PER_DAY}-d$days"
data="$out/quality-data-$tag"
base="$out/quality-warehouse-$tag-base"
if [[ ! -f "$base/.ready" ]]; then
  rm -rf "$data" "$base"
  MLJOBS_WAREHOUSE="$out/gen-warehouse" scripts/mljobs generate-demo-data --config conf/pipelines/demo \
    --run-date "$date" --run-id "bench-quality-gen-$tag" "${gen_args[@]}" \
    --set mljobs.jobs.generate-demo-data.scale="$scale" --set mljobs.jobs.generate-demo-data.output="$data" >>"$out/bench.log" 2>&1
  MLJOBS_WAREHOUSE="$base" MLJOBS_DEMO_DATA="$data" scripts/mljobs ingest-files --config conf/pipelines/demo \
    --run-date "$date" --run-id "bench-quality-ingest-$tag" --set 'mljobs.jobs.ingest-files.sources=[pos_transactions, web_transactions, merchants]' >>"$out/bench.log" 2>&1
  touch "$base/.ready"
fi

rows_md=()
jobs_md=()
for n in "${columns[@]}"; do
  extra=$((n > declared ? n - declared : 0))
  wh="$out/quality-warehouse-$tag-c$n"
  tables=("$wh/bronze/pos_transactions" "$wh/bronze/web_transactions")
  if [[ ! -f "$wh/.ready" ]]; then
    rm -rf "$wh"
    cp -r "$base" "$wh"
    if ((extra > 0)); then
      for t in "${tables[@]}"; do bash -c "$scan widen '$t' $extra" >>"$out/bench.log" 2>&1; done
    fi
    touch "$wh/.ready"
  fi
  rows=$(bash -c "$scan count '${tables[0]}' '${tables[1]}'" 2>>"$out/bench.log" | awk -F': ' '/^\// {s += $2} END {print s + 0}')
  bytes=$(du -sb "${tables[@]}" | awk '{s += $1} END {print s}')
  events="$out/quality-events-$tag-c$n"
  rm -rf "$events" && mkdir -p "$events"
  log_args="--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$events"
  run="MLJOBS_SPARK_SUBMIT_ARGS='$log_args' MLJOBS_WAREHOUSE='$wh' MLJOBS_DEMO_DATA='$data' scripts/mljobs"
  candidate="$run check-quality --config conf/pipelines/demo --run-date $date --set mljobs.jobs.check-quality.promote=false && $run profile --config conf/pipelines/demo --run-date $date"
  baseline="MLJOBS_SPARK_SUBMIT_ARGS='$log_args' $scan scan '${tables[0]}' '${tables[1]}'"
  reset="rm -rf '$wh/quality' '$wh/silver'"
  rows_md+=("$(python3 scripts/bench/bench.py --name "quality x$scale, $n columns ($rows rows)" --repeat "${REPEAT:-3}" \
    --rows "$rows" --bytes "$bytes" --results "$out/results.jsonl" --log "$out/bench.log" \
    --reset "$reset" --candidate "$candidate" --baseline "$baseline" | tee -a /dev/stderr | grep '^|')")
  logs=("$events"/*)
  python3 scripts/bench/eventlog.py --json --table-bytes "$bytes" "${logs[@]}" >>"$out/quality-jobs.txt"
  jobs_md+=("$(python3 scripts/bench/eventlog.py --row "$n" --table-bytes "$bytes" "${logs[@]}")")
done
echo
echo "| benchmark | check-quality + profile s, median (min-max) | plain full scan s | ratio | rows/s | MB/s | peak RSS MiB (mljobs / plain) |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows_md[@]}"
echo
echo "| data columns | Spark jobs, stages and full reads from storage of the last run of each | | |"
echo "|---|---|---|---|"
printf '%s\n' "${jobs_md[@]}"
