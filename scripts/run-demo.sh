#!/usr/bin/env bash
# scripts/run-demo.sh [RUN_DATE]
#
# The daily pipeline on the bundled demo data, in Spark local mode, with no external services:
#   1. builds the job jar (./mvnw, tests skipped; scripts/test.sh runs them),
#   2. generates the seeded demo data under demo-output/data if it is absent,
#   3. runs the pipeline's stages for RUN_DATE (default 2026-11-07, the last demo day),
#   4. prints where the tables and run manifests are.
# Stages today: generate-demo-data (if absent) -> ingest-files (bronze + quarantine)
#   -> check-quality (Deequ gate per event date the ingest touched; promotes each date to silver;
#      exit code 3 stops the pipeline)
#   -> detect-drift (each event date against the first three; quality.drift + an HTML report)
#   -> maintain-tables (silver: properties, OPTIMIZE, VACUUM) -> versions (print)
#   -> publish-snowflake (only when MLJOBS_SNOWFLAKE_URL is set).
# Re-running is safe: each stage is idempotent per run date.
# Environment: MLJOBS_WAREHOUSE (default demo-output/warehouse), MLJOBS_DEMO_DATA (default
# demo-output/data).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
run_date="${1:-2026-11-07}"
export MLJOBS_WAREHOUSE="${MLJOBS_WAREHOUSE:-$root/demo-output/warehouse}"
export MLJOBS_DEMO_DATA="${MLJOBS_DEMO_DATA:-$root/demo-output/data}"
started=$(date +%s)

echo "== mljobs demo: building the job jar"
./mvnw -q -B -DskipTests -Dspotless.check.skip=true install

stage() {
  local job="$1"
  shift
  echo "== stage: $job ($run_date)"
  scripts/mljobs "$job" --config conf/pipelines/demo --env local --run-date "$run_date" "$@"
}

if [[ -f "$MLJOBS_DEMO_DATA/raw/MANIFEST.json" ]]; then
  echo "== demo data present under $MLJOBS_DEMO_DATA (delete it to regenerate)"
else
  stage generate-demo-data
fi
stage ingest-files

# The quality gate: exit code 3 means an error-level check failed and nothing was promoted.
set +e
stage check-quality
gate=$?
set -e
if [[ $gate -eq 3 ]]; then
  echo "== STOPPED: the quality gate failed for $run_date; nothing was promoted to silver." >&2
  echo "   See the check summary above, $MLJOBS_WAREHOUSE/quality/check_results and the run manifest;" >&2
  echo "   fix the data or the checks (conf/pipelines/demo/datasets.conf), then re-run." >&2
  exit 3
elif [[ $gate -ne 0 ]]; then
  exit "$gate"
fi

# Features (conf/pipelines/demo/features.conf): every demo day of the customer_activity feature set,
# as a backfill in chunks; then the feature table's own quality gate (exit 3 stops the demo) and
# drift, by config alone (own run ids: the same jobs ran above with other datasets).
stage build-features --from 2026-11-01 --to "$run_date"
stage check-quality --run-id "features-gate-$run_date" --from 2026-11-01 --to "$run_date" \
  --set 'mljobs.jobs.check-quality.datasets=[customer_activity]' \
  --set mljobs.jobs.check-quality.dates=run-date --set mljobs.jobs.check-quality.promote=false
stage detect-drift --run-id "features-drift-$run_date" --from 2026-11-04 --to "$run_date" \
  --set 'mljobs.jobs.detect-drift.only=[customer_activity]'

# The point-in-time training set: each fraud label with the customer's activity features as of the
# transaction's time (conf/pipelines/demo/training.conf).
stage build-training-set

# Training: the candidates of conf/pipelines/demo/models.conf on training.fraud (made by
# build-training-set), compared on the latest labelled day; the best is registered in
# models.registry (champion when it beats the current one, see README, "Training").
stage train-models

# Scoring: the champion (and the challenger in shadow) scores a date's feature rows into
# predictions.fraud, as the daily pipeline does each day; the demo scores every date from the
# model's holdout window (2026-11-05, conf/pipelines/demo/models.conf) to the run date, so that
# evaluate-model can measure the realized accuracy of those predictions against the labels that
# have arrived by now (models.performance). See README, "Scoring and retraining".
for day in 2026-11-05 2026-11-06 2026-11-07; do
  [[ "$day" > "$run_date" ]] && break
  echo "== stage: score ($day)"
  scripts/mljobs score --config conf/pipelines/demo --env local --run-date "$day"
done
stage evaluate-model

# Drift: each event date's payments from 2026-11-04 on against the reference window
# (conf/pipelines/demo/drift.conf), every date compared and reported on its own in one run.
# Exit 4 would mean drift with fail-on-drift set; the demo reports drift without stopping.
stage detect-drift --from 2026-11-04 --to "$run_date"

# The retraining decision of each compared date (models.decisions): exit 4 means "retraining
# recommended" (the Airflow DAG branches on it); the demo reports it and goes on. The drift injected
# from 2026-11-05 makes the later dates say yes, 2026-11-04 says no.
for day in 2026-11-04 2026-11-05 2026-11-06 2026-11-07; do
  [[ "$day" > "$run_date" ]] && break
  set +e
  echo "== stage: decide-retraining ($day)"
  scripts/mljobs decide-retraining --config conf/pipelines/demo --env local --run-date "$day"
  decision=$?
  set -e
  if [[ $decision -eq 4 ]]; then
    echo "== $day: retraining recommended (exit 4)"
  elif [[ $decision -ne 0 ]]; then
    exit "$decision"
  fi
done
# Publishing, Delta side: table properties, OPTIMIZE and VACUUM of the silver tables, then the
# versions of the day's silver table (each with the run id that made it; read any of them back
# with time travel). Snowflake only when one is configured (e.g. the local stand-in).
stage maintain-tables
echo "== versions of silver.pos_transactions"
scripts/mljobs versions silver.pos_transactions --config conf/pipelines/demo --env local --limit 5
if [[ -n "${MLJOBS_SNOWFLAKE_URL:-}" ]]; then
  stage publish-snowflake
else
  echo "== publish-snowflake skipped (set MLJOBS_SNOWFLAKE_URL, _USER and _PASSWORD to publish;"
  echo "   locally: scripts/services/snowflake start && . scripts/services/env.sh)"
fi

echo
echo "== done in $(($(date +%s) - started)) s"
echo "Raw demo data:     $MLJOBS_DEMO_DATA/raw"
echo "Delta tables:      $MLJOBS_WAREHOUSE/<layer>/<name>"
for table in "$MLJOBS_WAREHOUSE"/{bronze,quarantine,silver,quality,features,training,models,predictions}/*; do
  [[ -d "$table/_delta_log" ]] && echo "                   $table"
done
echo "Run manifests:     $MLJOBS_WAREHOUSE/_manifests/<job>/<run-date>/<run-id>/<attempt>.json"
echo "Drift reports:     $MLJOBS_WAREHOUSE/_reports/detect-drift/<run-date>/<run-id>.html"
echo "Runs table:        $MLJOBS_WAREHOUSE/runs/manifests (Delta, one row per run)"
