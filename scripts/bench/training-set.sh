#!/usr/bin/env bash
# scripts/bench/training-set.sh [SCALE ...]   (default: 1 10 30)
#
# Point-in-time join benchmark: build-training-set's as-of join (io.mljobs.jobs.trainingset
# .PointInTimeJoin, with the job's date pruning and label-range step, TTL 7 days) against a plain
# left equi-join of the same two Delta tables on transaction_id, alternately, in ONE Spark session
# (io.mljobs.jobs.bench.PointInTimeBench through scripts/mljobs: local[2], 2g driver), after one
# warm-up of each; every row of both results goes to Spark's noop sink.
# Data per scale s (generated once under bench-output/training-set-data/x<s>, CONTRACT.md's feature
# layout): 35,000*s feature rows (the demo's 5,000 POS rows a day, 7 days) for 2,000*s customers,
# partitioned by feature_date, nine feature columns; label rows = every transaction of the first five
# days (~25,000*s), label time = the transaction's event time.
# Results: bench-output/results.jsonl (one line per measurement) and Markdown rows for
# docs/benchmarks.md: medians, ratio pit/equi, the growth from x1 to x10 (target <= 12 for 10x the
# rows, pit <= 2x equi), a least-squares fit seconds = fixed + per_row * rows (rows = labels +
# features) for each, and the 1-minute load average around the runs.
# Environment: REPEAT (default 5).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
scales=("$@")
[[ ${#scales[@]} -gt 0 ]] || scales=(1 10 30)
out="$root/bench-output"
mkdir -p "$out/training-set-data"
repeat="${REPEAT:-5}"
raw="$out/training-set-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
# PointInTimeBench is a jobs test class (see scripts/mljobs); build it when absent.
[[ -f jobs/target/test-classes/io/mljobs/jobs/bench/PointInTimeBench.class ]] || ./mvnw -q -B -ntp -pl jobs -am test-compile -Dspotless.check.skip=true
MLJOBS_MAIN_CLASS=io.mljobs.jobs.bench.PointInTimeBench scripts/mljobs \
  "$out/training-set-data" "$repeat" "${scales[@]}" 2>>"$out/bench.log" | grep '^{"bench"' | tee "$raw"
cat "$raw" >>"$out/results.jsonl"
python3 - "$raw" <<'PY'
import json, statistics, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
rows = [r for r in lines if "kind" in r]
for r in lines:
    if "kind" not in r:
        print(f"- check x{r['scale']}: {r['pit_vs_range_mismatches']} row(s) differ between the PIT and the range join")
by = {}
for r in rows:
    by.setdefault((r["kind"], r["scale"]), []).append(r)
scales = sorted({r["scale"] for r in rows})
med = {k: statistics.median(x["seconds"] for x in v) for k, v in by.items()}
n = {s: by[("pit", s)][0]["label_rows"] + by[("pit", s)][0]["feature_rows"] for s in scales}
has_range = any(k == "range" for k, _ in by)
print("| scale | label rows | feature rows | PIT s (median, min-max) | equi-join s (median, min-max) | PIT / equi |"
      + (" range join s (median) | range / equi |" if has_range else "") + " load avg (1 min) |")
print("|---|---|---|---|---|---|" + ("---|---|" if has_range else "") + "---|")
for s in scales:
    p, e = by[("pit", s)], by[("equi", s)]
    loads = [x["load1_before"] for x in p + e]
    print(f"| x{s} | {p[0]['label_rows']:,} | {p[0]['feature_rows']:,} | "
          f"{med[('pit', s)]:.2f} ({min(x['seconds'] for x in p):.2f}-{max(x['seconds'] for x in p):.2f}) | "
          f"{med[('equi', s)]:.2f} ({min(x['seconds'] for x in e):.2f}-{max(x['seconds'] for x in e):.2f}) | "
          f"{med[('pit', s)] / med[('equi', s)]:.2f} | "
          + (f"{med[('range', s)]:.2f} | {med[('range', s)] / med[('equi', s)]:.2f} | " if has_range else "")
          + f"{min(loads):.1f}-{max(loads):.1f} |")
print()
for kind in ("pit", "equi") + (("range",) if has_range else ()):
    xs = [n[s] for s in scales]; ys = [med[(kind, s)] for s in scales]
    if len(xs) > 1:
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        a = my - b * mx
        print(f"- {kind}: fixed {a:.2f} s + {b * 1e6:.2f} s per million rows (least squares over {len(xs)} scales)")
    for s1, s2 in zip(scales, scales[1:]):
        print(f"- {kind}: x{s1} -> x{s2}: {s2 // s1}x the rows in {med[(kind, s2)] / med[(kind, s1)]:.2f}x the time")
PY
