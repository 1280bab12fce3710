#!/usr/bin/env bash
# scripts/bench/drift.sh [COLUMNS ...]   (default: 10 50 100)
#
# Drift benchmark: `detect-drift` in each of MODES (default: auto sketch exact; auto is the default
# mode: exact while both sides fit exact-max-rows) on the demo POS transactions
# (x10 demo scale, 7 days), widened to COLUMNS data columns (alternately numeric and categorical
# generated columns), reference = 2026-11-01..03, current = 2026-11-07, every column compared
# except transaction_id, customer_id, card_id and event_ts; against one plain full scan of the
# whole table (io.mljobs.jobs.bench.PlainDeltaScan scan: every column of every row read into
# Spark's noop sink), which covers both sides. Same spark-submit (scripts/mljobs: local[2], 2g driver).
# Uses the widened tables that scripts/bench/quality.sh prepares (run it first, same SCALE).
# Each run has a new run id (an earlier run of the same id with other settings would be refused).
# Every run writes Spark's event log; the Spark jobs, stages and full reads of the last run of each
# command are printed (scripts/bench/eventlog.py) and kept in bench-output/drift-jobs.txt.
# Environment: SCALE (default 10), REPEAT (default 3), MODES (default "auto sketch exact").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/services/env.sh
columns=("$@")
[[ ${#columns[@]} -gt 0 ]] || columns=(10 50 100)
out="$root/bench-output"
scale="${SCALE:-10}"
date=2026-11-07
ds=mljobs.jobs.detect-drift.datasets.pos_transactions
drift_args=(--set "$ds.table=bronze.pos_transactions" --set "$ds.columns=[]"
  --set "$ds.exclude=[transaction_id, customer_id, card_id, event_ts]" --set mljobs.jobs.detect-drift.learned.statistics=[])

rows_md=()
jobs_md=()
for n in "${columns[@]}"; do
  wh="$out/quality-warehouse-x$scale-d7-c$n"
  [[ -f "$wh/.ready" ]] || { echo "drift.sh: $wh is missing; run SCALE=$scale scripts/bench/quality.sh $n first" >&2; exit 2; }
  table="$wh/bronze/pos_transactions"
  bytes=$(du -sb "$table" | awk '{print $1}')
  # Rows of the whole table (what the scan reads), for rows/s and scripts/bench/fit.py.
  rows=$(MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PlainDeltaScan scripts/mljobs count "$table" 2>>"$out/bench.log" \
    | awk -F': ' '/^\// {s += $2} END {print s + 0}')
  for mode in ${MODES:-auto sketch exact}; do
    events="$out/drift-events-x$scale-c$n-$mode"
    rm -rf "$events" && mkdir -p "$events"
    log_args="--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$events"
    candidate="MLJOBS_SPARK_SUBMIT_ARGS='$log_args' MLJOBS_WAREHOUSE='$wh' scripts/mljobs detect-drift --config conf/pipelines/demo --run-date $date --run-id drift-bench-\$(date +%s%N) --set mljobs.jobs.detect-drift.mode=$mode ${drift_args[*]@Q}"
    baseline="MLJOBS_SPARK_SUBMIT_ARGS='$log_args' MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PlainDeltaScan scripts/mljobs scan '$table'"
    rows_md+=("$(python3 scripts/bench/bench.py --name "drift x$scale, $n columns, $mode ($rows rows)" --repeat "${REPEAT:-3}" \
      --rows "$rows" --bytes "$bytes" --results "$out/results.jsonl" --log "$out/bench.log" \
      --reset "rm -rf '$wh/quality/drift' '$wh/_reports'" --candidate "$candidate" --baseline "$baseline" \
      | tee -a /dev/stderr | grep '^|')")
    python3 scripts/bench/eventlog.py --json --table-bytes "$bytes" "$events"/* >>"$out/drift-jobs.txt"
    jobs_md+=("$(python3 scripts/bench/eventlog.py --row "$n, $mode" --table-bytes "$bytes" "$events"/*)")
  done
done
echo
echo "| benchmark | detect-drift s, median (min-max) | plain full scan s | ratio | rows/s | MB/s | peak RSS MiB (mljobs / plain) |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows_md[@]}"
echo
echo "| data columns, mode | Spark jobs, stages and full reads from storage of the last run of each | |"
echo "|---|---|---|"
printf '%s\n' "${jobs_md[@]}"
