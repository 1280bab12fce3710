#!/usr/bin/env bash
# scripts/bench/publish.sh [SCALE ...]   (default: 1 10)
#
# Publish benchmark. Per scale (x1 = ROWS rows, default 20000; 6 columns: id, customer, amount
# decimal(12,2), merchant, day, flag):
#   1. publish-snowflake, jdbc path, mode replace, of version 0 of a synthetic Delta table to the
#      local Snowflake-protocol server (fakesnow; started here if needed), against a plain Spark
#      JDBC append of the same rows (io.mljobs.jobs.bench.PublishBench plain-jdbc), both through
#      scripts/mljobs (local[2], 2g driver), with bench.py (rows/s from the medians);
#   2. a Delta time-travel scan of version 0 vs the latest version (10 versions) in the same JVM.
# Results: bench-output/results.jsonl, bench-output/bench.log; Markdown rows for docs/benchmarks.md.
# Environment: REPEAT (default 3), ROWS (default 20000), plus scripts/services/env.sh's variables.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/services/env.sh
scales=("$@")
[[ ${#scales[@]} -gt 0 ]] || scales=(1 10)
out="$root/bench-output"
mkdir -p "$out"
scripts/services/snowflake status >/dev/null 2>&1 || scripts/services/snowflake start
date=2026-11-07
rows_x1="${ROWS:-20000}"
secret="$out/publish-bench.secret"
printf '%s' "$MLJOBS_SNOWFLAKE_PASSWORD" >"$secret"
submit="MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PublishBench scripts/mljobs"
sf_url="jdbc:snowflake://127.0.0.1:${MLJOBS_SNOWFLAKE_PORT}/?ssl=off&account=${MLJOBS_SNOWFLAKE_ACCOUNT}&db=${MLJOBS_SNOWFLAKE_DB}&schema=BENCH"
scripts/services/snowflake query "CREATE SCHEMA IF NOT EXISTS ${MLJOBS_SNOWFLAKE_DB}.BENCH" >/dev/null

echo "| benchmark | publish-snowflake s, median (min-max) | plain JDBC append s | ratio | rows/s (publish) | MB/s | peak RSS MiB (mljobs / plain) |"
echo "|---|---|---|---|---|---|---|"
tt=()
for scale in "${scales[@]}"; do
  rows=$((rows_x1 * scale))
  wh="$out/publish-warehouse-x$scale"
  conf="$out/publish-conf-x$scale"
  if [[ ! -f "$wh/.ready-$rows" ]]; then
    rm -rf "$wh"
    bash -c "$submit source '$wh/bench/synthetic' $rows 10" >>"$out/bench.log" 2>&1
    touch "$wh/.ready-$rows"
  fi
  mkdir -p "$conf/env" "$conf/pipelines/bench"
  printf 'mljobs { pipeline = bench }\n' >"$conf/base.conf"
  printf 'mljobs { warehouse = "%s" }\n' "$wh" >"$conf/env/local.conf"
  cat >"$conf/pipelines/bench/pipeline.conf" <<CONF
mljobs.jobs.publish-snowflake {
  connection { url = "$sf_url", user = "$MLJOBS_SNOWFLAKE_USER", password-file = "$secret",
               database = $MLJOBS_SNOWFLAKE_DB, schema = BENCH, max-http-retries = 1 }
  publications.synthetic { source = "bench.synthetic", version = 0, target = SYNTHETIC_X$scale, mode = replace }
}
CONF
  plain_table="${MLJOBS_SNOWFLAKE_DB}.BENCH.PLAIN_X$scale"
  scripts/services/snowflake query "CREATE OR REPLACE TABLE $plain_table (ID NUMBER(38,0), CUSTOMER VARCHAR, AMOUNT NUMBER(12,2), MERCHANT VARCHAR, DAY DATE, FLAG BOOLEAN)" >/dev/null
  bytes=$(du -sb "$wh/bench/synthetic" | awk '{print $1}')
  # A new run id per run: the same run id would be (correctly) skipped by the publish log.
  python3 scripts/bench/bench.py --name "publish-snowflake jdbc x$scale ($rows rows)" --repeat "${REPEAT:-3}" \
    --rows "$rows" --bytes "$bytes" --results "$out/results.jsonl" --log "$out/bench.log" \
    --reset "scripts/services/snowflake query 'DELETE FROM $plain_table' >/dev/null" \
    --candidate "scripts/mljobs publish-snowflake --config '$conf/pipelines/bench' --run-date $date --run-id bench-\$(date +%s%N)" \
    --baseline "$submit plain-jdbc '$wh/bench/synthetic' '$sf_url' $plain_table '$MLJOBS_SNOWFLAKE_USER' '$secret'"
  tt+=("x$scale: $(bash -c "$submit time-travel '$wh/bench/synthetic' ${REPEAT:-3}" 2>>"$out/bench.log" | grep '^time-travel')")
done
echo
printf '%s\n' "${tt[@]}"
