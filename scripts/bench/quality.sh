#!/usr/bin/env bash
# scripts/bench/quality.sh [SCALE ...]   (default: 10)
#
# Quality benchmark: `check-quality` (promote = false; a failed gate, exit 3, stops the benchmark)
# followed by `profile` on the demo datasets
# (pos_transactions, web_transactions), widened with EXTRA generated columns (default 20), against
# one plain `count()` scan of the same two bronze tables (io.mljobs.jobs.bench.PlainDeltaScan),
# through the same spark-submit (local[2], 2g driver). Data: the demo generator at each scale,
# ingested with ingest-files for 2026-11-07. Results: bench-output/results.jsonl and a Markdown row
# per scale for docs/benchmarks.md.
# Environment: REPEAT (default 3), EXTRA (default 20), DAYS (default 7), ROWS_PER_DAY (generator
# override, for a quick tiny run: ROWS_PER_DAY=50 DAYS=1 REPEAT=1 scripts/bench/quality.sh 1).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/services/env.sh
scales=("$@")
[[ ${#scales[@]} -gt 0 ]] || scales=(10)
out="$root/bench-output"
mkdir -p "$out"
jar="$root/jobs/target/mljobs-jobs.jar"
[[ -f "$jar" ]] || ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package -pl jobs -am
[[ -x "$MLJOBS_SPARK_HOME/bin/spark-submit" ]] || scripts/services/spark-cluster install
date=2026-11-07
extra="${EXTRA:-20}"
days="${DAYS:-7}"
# The generated days end on the run date, so freshness checks pass; no drift (not measured here).
start=$(date -u -d "$date - $((days - 1)) days" +%F)
gen_args=(--set mljobs.jobs.generate-demo-data.days="$days" --set mljobs.jobs.generate-demo-data.start-date="$start"
  --set mljobs.jobs.generate-demo-data.drift-from="$(date -u -d "$date + 1 day" +%F)")
[[ -z "${ROWS_PER_DAY:-}" ]] || gen_args+=(--set mljobs.jobs.generate-demo-data.rows-per-day="$ROWS_PER_DAY")
submit="SPARK_LOCAL_IP=127.0.0.1 $MLJOBS_SPARK_HOME/bin/spark-submit --master 'local[2]' --driver-memory 2g --conf spark.driver.bindAddress=127.0.0.1 --driver-java-options '-Dlog4j2.configurationFile=file:$root/conf/log4j2.properties' --class io.mljobs.jobs.bench.PlainDeltaScan '$jar'"

echo "| benchmark | check-quality + profile s, median (min-max) | plain count s | ratio | rows/s | MB/s | peak RSS MiB (mljobs / plain) |"
echo "|---|---|---|---|---|---|---|"
for scale in "${scales[@]}"; do
  tag="x$scale${ROWS_PER_DAY:+-r$ROWS_PER_DAY}${DAYS:+-d$DAYS}"
  data="$out/quality-data-$tag"
  wh="$out/quality-warehouse-$tag"
  if [[ ! -f "$wh/.ready-$extra" ]]; then
    rm -rf "$data" "$wh"
    MLJOBS_WAREHOUSE="$out/gen-warehouse" scripts/mljobs generate-demo-data --config conf/pipelines/demo \
      --run-date "$date" --run-id "bench-quality-gen-$tag" "${gen_args[@]}" \
      --set mljobs.jobs.generate-demo-data.scale="$scale" --set mljobs.jobs.generate-demo-data.output="$data" >>"$out/bench.log" 2>&1
    MLJOBS_WAREHOUSE="$wh" MLJOBS_DEMO_DATA="$data" scripts/mljobs ingest-files --config conf/pipelines/demo \
      --run-date "$date" --run-id "bench-quality-ingest-$tag" --set 'mljobs.jobs.ingest-files.sources=[pos_transactions, web_transactions, merchants]' >>"$out/bench.log" 2>&1
    for t in pos_transactions web_transactions; do
      bash -c "$submit widen '$wh/bronze/$t' $extra" >>"$out/bench.log" 2>&1
    done
    touch "$wh/.ready-$extra"
  fi
  rows=$(bash -c "$submit count '$wh/bronze/pos_transactions' '$wh/bronze/web_transactions'" 2>>"$out/bench.log" \
    | awk -F': ' '/^\// {s += $2} END {print s + 0}')
  bytes=$(du -sb "$wh/bronze/pos_transactions" "$wh/bronze/web_transactions" | awk '{s += $1} END {print s}')
  run="MLJOBS_WAREHOUSE='$wh' MLJOBS_DEMO_DATA='$data' scripts/mljobs"
  python3 scripts/bench/bench.py --name "quality $tag +$extra cols" --repeat "${REPEAT:-3}" \
    --rows "$rows" --bytes "$bytes" --results "$out/results.jsonl" --log "$out/bench.log" \
    --reset "rm -rf '$wh/quality' '$wh/silver'" \
    --candidate "$run check-quality --config conf/pipelines/demo --run-date $date --set mljobs.jobs.check-quality.promote=false && $run profile --config conf/pipelines/demo --run-date $date" \
    --baseline "$submit count '$wh/bronze/pos_transactions' '$wh/bronze/web_transactions'" \
    | grep '^|'
done
