#!/usr/bin/env bash
# scripts/bench/score.sh [SCALE ...]   (default: 1 10 30)
#
# Scoring benchmark: `score --run-date 2026-11-07` (the demo's model fraud,
# conf/pipelines/demo/scoring.conf, shadow scoring off so one model scores: registry lookup and
# artifact check, feature-column check, the champion's PipelineModel transform of the date's
# feature rows, the predictions written to predictions.fraud with replaceWhere on score_date, the
# manifest) against a plain baseline (io.mljobs.jobs.bench.PlainScore, jobs test sources: the same
# registry's champion artifact loaded with PipelineModel.load, the same feature rows of 2026-11-07
# transformed, the same prediction columns written to a Delta table partitioned by score_date),
# through the same spark-submit (scripts/mljobs: local[2], 2g driver), in the same run,
# alternating which goes first (scripts/bench/bench.py), REPEAT runs each, medians compared.
# Data per scale: the demo generator at SCALE (x1 ~ 5,000 POS rows a day), 7 days, through the
# demo's own stages (ingest-files, check-quality, build-features --from 2026-11-01 --to 2026-11-07)
# into bench-output/score-warehouse-x<scale> (made once; delete it to remake). The model is trained
# once, on x1 (build-training-set, train-models as scripts/run-demo.sh does); larger scales get a
# copy of x1's registry table (its artifact paths point at x1's artifacts), so every scale scores
# with the very same PipelineModel.
# Rows = the date's feature rows, from the warm-up run's manifest (metric score.fraud.rows).
# Results: bench-output/results.jsonl (one line per scale: bench.py) and Markdown rows for
# docs/benchmarks.md; then scripts/bench/fit.py splits the medians into a fixed part and seconds per
# million rows for each side (needs two or more scales).
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
since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
model_wh="$out/score-warehouse-x1"
# PlainScore is a jobs test class (see scripts/mljobs); build it when absent.
[[ -f jobs/target/test-classes/io/mljobs/jobs/bench/PlainScore.class ]] ||
  ./mvnw -q -B -ntp -pl jobs -am test-compile -Dspotless.check.skip=true

job() { # WAREHOUSE DATA JOB ARGS...: one stage of the demo pipeline, logged to bench.log
  local wh="$1" data="$2" name="$3"
  shift 3
  MLJOBS_WAREHOUSE="$wh" MLJOBS_DEMO_DATA="$data" scripts/mljobs "$name" --config conf/pipelines/demo \
    --env local --run-date "$date" "$@" >>"$out/bench.log" 2>&1 ||
    { echo "score.sh: $name failed for $wh (see $out/bench.log)" >&2; exit 1; }
}

prepare() { # SCALE: demo data, silver, features (and, at x1, the model) in score-warehouse-x<scale>
  local scale="$1" data="$out/score-data-x$1" wh="$out/score-warehouse-x$1"
  [[ -f "$wh/.ready" ]] && return 0
  rm -rf "$data" "$wh"
  MLJOBS_WAREHOUSE="$out/gen-warehouse" scripts/mljobs generate-demo-data --config conf/pipelines/demo \
    --run-date "$date" --run-id "bench-score-gen-x$scale" \
    --set mljobs.jobs.generate-demo-data.scale="$scale" \
    --set mljobs.jobs.generate-demo-data.output="$data" >>"$out/bench.log" 2>&1
  job "$wh" "$data" ingest-files --run-id "bench-score-ingest-x$scale"
  job "$wh" "$data" check-quality --run-id "bench-score-gate-x$scale"
  job "$wh" "$data" build-features --run-id "bench-score-features-x$scale" --from "$from" --to "$date"
  if [[ "$wh" == "$model_wh" ]]; then
    job "$wh" "$data" build-training-set --run-id "bench-score-training-set"
    job "$wh" "$data" train-models --run-id "bench-score-train"
  else
    prepare 1
    rm -rf "$wh/models/registry"
    mkdir -p "$wh/models"
    cp -r "$model_wh/models/registry" "$wh/models/registry"
  fi
  touch "$wh/.ready"
}

rows_md=()
for scale in "${scales[@]}"; do
  wh="$out/score-warehouse-x$scale"
  prepare "$scale"
  score="MLJOBS_WAREHOUSE='$wh' scripts/mljobs score --config conf/pipelines/demo --env local --run-date $date --set mljobs.scoring.fraud.shadow=false"
  # Warm-up (file cache, first JIT of the jar) and the row count: the date's feature rows scored.
  warmup="bench-score-warmup-x$scale-$(date +%s)"
  bash -c "$score --run-id $warmup" >>"$out/bench.log" 2>&1
  rows=$(python3 -c 'import glob, json, sys; print(json.load(open(sorted(glob.glob(sys.argv[1]))[-1]))["metrics"]["score.fraud.rows"])' \
    "$wh/_manifests/score/$date/$warmup/*.json")
  bytes=$(du -sb "$wh/features/customer_activity/feature_date=$date" 2>/dev/null | awk '{print $1}' || true)
  # A fresh run id per run: a run id that already succeeded would be recognised as a re-run.
  candidate="$score --run-id bench-score-x$scale-\$(date +%s%N)"
  baseline="MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PlainScore scripts/mljobs '$wh/models/registry' fraud '$wh/features/customer_activity' '$wh/plain/predictions' $date customer_id event_ts 0.5"
  rows_md+=("$(python3 scripts/bench/bench.py --name "score x$scale ($rows rows)" --repeat "${REPEAT:-3}" \
    --rows "$rows" --bytes "${bytes:-0}" --results "$out/results.jsonl" --log "$out/bench.log" \
    --reset "rm -rf '$wh/predictions' '$wh/plain'" --candidate "$candidate" --baseline "$baseline" |
    tee -a /dev/stderr | grep '^|')")
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| benchmark | score s, median (min-max) | plain PipelineModel.transform + Delta write s | ratio | rows/s | MB/s | peak RSS MiB (mljobs / plain) |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows_md[@]}"
if [[ ${#scales[@]} -gt 1 ]]; then
  echo
  python3 scripts/bench/fit.py "$out/results.jsonl" '^score x' --since "$since"
fi
