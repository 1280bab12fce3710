#!/usr/bin/env bash
# scripts/bench/empty-run.sh [JOB ...]
#   (default: ingest-files check-quality profile detect-drift suggest-checks maintain-tables)
#
# Fixed cost per run: each job's EMPTY run (a run date with no new input) against a plain Spark
# application that starts a session, reads the latest snapshot of the same tables (version and file
# list, no rows: io.mljobs.jobs.bench.PlainDeltaScan latest) and exits, both through the same
# scripts/mljobs (local[2], 2g driver), alternately, REPEAT times (default 3), median reported.
# Setup (once per tag): the demo data at SCALE (default 1) for DAYS (default 7) ending on DATE
# (default 2026-11-07; DRIFT_FROM moves the injected drift, which must start after the first day:
# DAYS=2 DRIFT_FROM=2026-11-08 is close to a daily run, 3 checked partitions), then ingest-files,
# check-quality, profile and detect-drift for DATE. The
# empty runs use DATE + 1 day: nothing delivered, no partition touched. Every run writes Spark's
# event log; the last run of each command gives its Spark jobs (scripts/bench/eventlog.py).
# check-quality's full run (DATE, the demo at x1 after ingest) is counted once more on a fresh copy
# of the warehouse (its Spark jobs: the issue 14 target is <= 25).
# CANDIDATE_ROOT (default: this checkout) runs the jobs from another checkout's scripts/mljobs and
# jar (e.g. the commit before a change, for before/after in the same session); LABEL names it.
# Results: bench-output/results.jsonl, bench-output/empty-run-jobs.txt, Markdown rows printed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/services/env.sh
jobs=("$@")
[[ ${#jobs[@]} -gt 0 ]] || jobs=(ingest-files check-quality profile detect-drift suggest-checks maintain-tables)
out="$root/bench-output"
mkdir -p "$out"
date="${DATE:-2026-11-07}"
empty=$(date -u -d "$date + 1 day" +%F)
scale="${SCALE:-1}"
days="${DAYS:-7}"
start=$(date -u -d "$date - $((days - 1)) days" +%F)
conf=conf/pipelines/demo
tag="x$scale-d$days"
data="$out/empty-data-$tag"
base="$out/empty-warehouse-$tag-base"
wh="$out/empty-warehouse-$tag"
candidate_root="${CANDIDATE_ROOT:-$root}"
label="${LABEL:-$(git -C "$candidate_root" rev-parse --short HEAD 2>/dev/null || echo candidate)}"
scan="MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PlainDeltaScan scripts/mljobs"

setup() {
  local w="$1"
  MLJOBS_WAREHOUSE="$w" MLJOBS_DEMO_DATA="$data" scripts/mljobs "$2" --config "$conf" \
    --run-date "$date" --run-id "bench-empty-setup-$2-$tag" "${@:3}" >>"$out/bench.log" 2>&1
}
if [[ ! -f "$base/.ready" ]]; then
  rm -rf "$data" "$base"
  MLJOBS_WAREHOUSE="$out/gen-warehouse" scripts/mljobs generate-demo-data --config "$conf" \
    --run-date "$date" --run-id "bench-empty-gen-$tag" \
    --set mljobs.jobs.generate-demo-data.days="$days" --set mljobs.jobs.generate-demo-data.start-date="$start" \
    --set mljobs.jobs.generate-demo-data.scale="$scale" --set mljobs.jobs.generate-demo-data.output="$data" \
    ${DRIFT_FROM:+--set mljobs.jobs.generate-demo-data.drift-from="$DRIFT_FROM"} \
    >>"$out/bench.log" 2>&1
  setup "$base" ingest-files
  # Checked before any check-quality, for the full-run count below.
  cp -r "$base" "$base-ingested"
  setup "$base" check-quality
  setup "$base" profile
  setup "$base" detect-drift
  touch "$base/.ready"
fi
rm -rf "$wh" && cp -r "$base" "$wh"

# The tables each job reads (the plain app reads their latest snapshot).
declare -A reads=(
  [ingest-files]="bronze/pos_transactions bronze/web_transactions bronze/merchants bronze/fraud_labels"
  [check-quality]="bronze/pos_transactions bronze/web_transactions bronze/merchants"
  [profile]="bronze/pos_transactions bronze/web_transactions"
  [detect-drift]="silver/pos_transactions quality/check_results"
  [suggest-checks]="bronze/pos_transactions bronze/web_transactions"
  [maintain-tables]="*"
)

rows_md=()
jobs_md=()
for job in "${jobs[@]}"; do
  paths=()
  tables="${reads[$job]}"
  # maintain-tables maintains every Delta table of the warehouse, so the plain app reads them all.
  [[ "$tables" != "*" ]] || tables=$(cd "$wh" && for log in */*/_delta_log; do dirname "$log"; done)
  for t in $tables; do paths+=("'$wh/$t'"); done
  events="$out/empty-events-$tag-$job"
  rm -rf "$events" && mkdir -p "$events"
  log_args="--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$events"
  run="MLJOBS_SPARK_SUBMIT_ARGS='$log_args' MLJOBS_WAREHOUSE='$wh' MLJOBS_DEMO_DATA='$data' $candidate_root/scripts/mljobs"
  # A new run id each time, so no run is answered from an earlier run's manifest.
  candidate="$run $job --config $conf --run-date $empty --run-id empty-$job-\$(date +%s%N)"
  baseline="MLJOBS_SPARK_SUBMIT_ARGS='$log_args' $scan latest ${paths[*]}"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  rows_md+=("$(python3 scripts/bench/bench.py --name "empty $job, $label (load $load)" --repeat "${REPEAT:-3}" \
    --results "$out/results.jsonl" --log "$out/bench.log" \
    --candidate "$candidate" --baseline "$baseline" | tee -a /dev/stderr | grep '^|')")
  logs=("$events"/*)
  python3 scripts/bench/eventlog.py --json "${logs[@]}" | sed "s/^/$label $job empty: /" >>"$out/empty-run-jobs.txt"
  jobs_md+=("$(python3 scripts/bench/eventlog.py --row "$job (empty run, $label)" "${logs[@]}")")
done

# check-quality's full run on the demo at x$scale (DATE, right after ingest): its Spark jobs
# (FULL_CHECK=0 leaves it out).
if [[ "${FULL_CHECK:-1}" == 1 ]]; then
full="$out/empty-warehouse-$tag-full"
events="$out/empty-events-$tag-check-quality-full"
rm -rf "$full" "$events" && cp -r "$base-ingested" "$full" && mkdir -p "$events"
MLJOBS_SPARK_SUBMIT_ARGS="--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$events" \
  MLJOBS_WAREHOUSE="$full" MLJOBS_DEMO_DATA="$data" "$candidate_root/scripts/mljobs" check-quality --config "$conf" \
  --run-date "$date" --run-id "bench-full-check-$(date +%s%N)" >>"$out/bench.log" 2>&1
python3 scripts/bench/eventlog.py --json "$events"/* | sed "s/^/$label check-quality full x$scale: /" >>"$out/empty-run-jobs.txt"
jobs_md+=("$(python3 scripts/bench/eventlog.py --row "check-quality full run, x$scale, $label" "$events"/*)")
fi

echo
echo "| benchmark | empty run s, median (min-max) | plain app s | ratio | rows/s | MB/s | peak RSS MiB (mljobs / plain) |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows_md[@]}"
echo
echo "| run | Spark jobs and stages of the last run of each | |"
echo "|---|---|---|"
printf '%s\n' "${jobs_md[@]}"
