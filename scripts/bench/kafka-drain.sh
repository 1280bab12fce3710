#!/usr/bin/env bash
# scripts/bench/kafka-drain.sh [MESSAGES]   (default: 1000000)
#
# Kafka drain benchmark: a backlog of MESSAGES demo events (raw/stream lines of the demo
# generator, replayed over and over by io.mljobs.jobs.demo.KafkaReplay, so ~0.1% are poison
# messages) in a fresh 3-partition topic of the local broker (scripts/services/kafka), drained by
# `ingest-stream --trigger available-now` through scripts/mljobs (spark-submit, local[2], 2g
# driver), against a plain batch `spark.read.format("kafka")` + from_json + Delta append of the
# same topic (io.mljobs.jobs.bench.PlainKafkaLoad), in the same run, alternating, through the
# same spark-submit. Both read with minPartitions = MIN_PARTITIONS (default 6: Spark splits each of
# the 3 topic partitions only when minPartitions rounds to 2+ ranges per partition, so 4 still
# gives 3 tasks, and 3 tasks on 2 cores leave one core idle for a third of the drain).
#
# Reports per command the wall time (bench.py: Spark start-up included) and the drain time alone
# (ingest-stream: the manifest's "ingest <source>" timing; baseline: its drain_ms line), as
# messages/s. Results: bench-output/results.jsonl, bench-output/kafka-drain-*.txt.
# Environment: REPEAT (default 3), MIN_PARTITIONS (default 6), plus scripts/services/env.sh's.
# Builds the job jar with `mvnw package` when it is missing (never `install`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/services/env.sh
messages="${1:-1000000}"
repeat="${REPEAT:-3}"
min_partitions="${MIN_PARTITIONS:-6}"
out="$root/bench-output"
mkdir -p "$out"
jar="$root/jobs/target/mljobs-jobs.jar"
[[ -f "$jar" ]] || ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package -pl jobs -am
scripts/services/kafka status >/dev/null 2>&1 || scripts/services/kafka start

# Demo events: one day at 50,000 rows per day gives 10,000 stream lines.
data="$out/data-stream"
if [[ ! -f "$data/raw/MANIFEST.json" ]]; then
  MLJOBS_WAREHOUSE="$out/gen-warehouse" scripts/mljobs generate-demo-data --config conf/pipelines/demo \
    --run-date 2026-11-01 --run-id bench-gen-stream \
    --set mljobs.jobs.generate-demo-data.days=1 --set mljobs.jobs.generate-demo-data.rows-per-day=50000 \
    --set mljobs.jobs.generate-demo-data.output="$data" >/dev/null 2>&1
fi

topic="mljobs.bench.drain-$messages-$(date +%s)"
echo "producing $messages messages to $topic ..." >&2
java -cp "$jar:$root/demo/target/mljobs-demo.jar" io.mljobs.jobs.demo.KafkaReplay --bootstrap "$MLJOBS_KAFKA_BOOTSTRAP" --topic "$topic" \
  --partitions 3 --messages "$messages" "$data/raw/stream" 2>/dev/null | tee -a "$out/kafka-drain-producer.txt" >&2
bytes=$(python3 - "$data/raw/stream" "$messages" <<'PY'
import glob, os, sys
lines = [l for f in sorted(glob.glob(sys.argv[1] + "/events_*.jsonl")) for l in open(f, encoding="utf-8").read().splitlines() if l]
n = int(sys.argv[2])
print(sum(len(lines[i % len(lines)].split("\t", 1)[1].encode()) for i in range(n)))
PY
)

wh="$out/warehouse-kafka"
schema="transaction_id STRING, event_ts TIMESTAMP, customer_id STRING, card_id STRING, merchant_id STRING, merchant_category STRING, amount DECIMAL(12,2), currency STRING, channel STRING, country STRING, entry_mode STRING"
cand_times="$out/kafka-drain-candidate-$topic.txt"
base_times="$out/kafka-drain-baseline-$topic.txt"
: >"$cand_times"
: >"$base_times"
# After each ingest-stream run: its drain time from the manifest, and a check that every message landed.
record_candidate="python3 -c 'import glob,json,sys; m=json.load(open(max(glob.glob(sys.argv[1]+\"/_manifests/ingest-stream/*/*/*.json\")))); d=m[\"inputs\"][0][\"details\"]; n=d[\"rows_loaded\"]+d[\"rows_quarantined\"]; assert n==$messages, n; print(m[\"timingsMs\"][\"ingest transactions_stream\"], d[\"rows_loaded\"], d[\"rows_quarantined\"], len(d[\"batch_ids\"]))' '$wh' >>'$cand_times'"

echo "| benchmark | ingest-stream s, median (min-max) | plain Spark s | ratio | msgs/s (wall) | MB/s | peak RSS MiB (mljobs / plain) |"
echo "|---|---|---|---|---|---|---|"
python3 scripts/bench/bench.py --name "kafka drain $messages msgs" --repeat "$repeat" \
  --rows "$messages" --bytes "$bytes" --results "$out/results.jsonl" --log "$out/bench.log" \
  --reset "rm -rf '$wh'" \
  --candidate "MLJOBS_WAREHOUSE='$wh' scripts/mljobs ingest-stream --config conf/pipelines/demo --run-date 2026-11-01 --trigger available-now --set 'mljobs.jobs.ingest-stream.sources=[transactions_stream]' --set 'mljobs.sources.transactions_stream.topics=[\"$topic\"]' --set mljobs.sources.transactions_stream.bootstrap-servers=$MLJOBS_KAFKA_BOOTSTRAP --set mljobs.sources.transactions_stream.options.minPartitions=$min_partitions && $record_candidate" \
  --baseline "MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PlainKafkaLoad scripts/mljobs '$wh' '$schema' '$MLJOBS_KAFKA_BOOTSTRAP' '$topic' $min_partitions | tee -a /dev/stderr | sed -n 's/^drain_ms=//p' >>'$base_times'" \
  | grep '^|'

python3 - "$cand_times" "$base_times" "$messages" <<'PY'
import statistics, sys
cand = [int(l.split()[0]) for l in open(sys.argv[1]) if l.strip()]
base = [int(l.split()[0]) for l in open(sys.argv[2]) if l.strip()]
n = int(sys.argv[3])
details = [l.split() for l in open(sys.argv[1]) if l.strip()][-1]
c, b = statistics.median(cand), statistics.median(base)
print()
print(f"drain only (Spark start-up excluded), median of {len(cand)}: ingest-stream {c/1000:.1f} s = {n/(c/1000):,.0f} msgs/s; "
      f"plain Spark {b/1000:.1f} s = {n/(b/1000):,.0f} msgs/s; ratio {c/b:.2f}")
print(f"ingest-stream runs (ms): {cand}; plain (ms): {base}; last run: {details[1]} loaded, {details[2]} quarantined, {details[3]} batch(es)")
PY
