#!/usr/bin/env python3
"""A/B benchmark harness for mljobs: a candidate command against a hand-written baseline.

Runs each command REPEAT times, alternating which goes first, with an optional reset command
before every run (e.g. delete the output tables), and reports per command the min/median/max
wall time and the peak RSS of the largest process it started, plus the ratio of the medians
(candidate / baseline). Appends one JSON line per benchmark to RESULTS and prints a Markdown row
for docs/benchmarks.md.

    bench.py --name ingest-files-x1 --repeat 3 --reset 'rm -rf out' \
             --candidate 'scripts/mljobs ingest-files ...' --baseline 'spark-submit ... PlainDeltaLoad ...' \
             --rows 61000 --bytes 9000000 --results bench-output/results.jsonl
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def run_once(command, log):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    with open(log, "ab") as out:
        code = subprocess.call(["bash", "-c", command], stdout=out, stderr=subprocess.STDOUT)
    elapsed = time.monotonic() - start
    # ru_maxrss of children is the largest RSS of any waited-for descendant (KiB on Linux); it
    # only grows, so a run that peaks lower than an earlier one reports the earlier peak.
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    if code != 0:
        sys.exit(f"command failed with exit code {code} (log: {log}): {command}")
    return elapsed, peak


def summary(times):
    return {"min": min(times), "median": statistics.median(times), "max": max(times)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--name", required=True)
    p.add_argument("--candidate", required=True)
    p.add_argument("--baseline", required=True)
    p.add_argument("--reset", default="true")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--rows", type=int, default=0, help="rows processed per run, for rows/s")
    p.add_argument("--bytes", type=int, default=0, help="input bytes per run, for MB/s")
    p.add_argument("--results", default="bench-output/results.jsonl")
    p.add_argument("--log", default="bench-output/bench.log")
    a = p.parse_args()
    os.makedirs(os.path.dirname(a.results) or ".", exist_ok=True)
    os.makedirs(os.path.dirname(a.log) or ".", exist_ok=True)

    times = {"candidate": [], "baseline": []}
    # The 1-minute load average before each run: on a shared machine it says how far the times
    # can be trusted.
    loads = []
    # Peak RSS is measured in a fresh child per command kind, so the two do not mix.
    peaks = {"candidate": 0, "baseline": 0}
    for i in range(a.repeat):
        order = ["candidate", "baseline"] if i % 2 == 0 else ["baseline", "candidate"]
        for kind in order:
            run_once(a.reset, a.log)
            loads.append(os.getloadavg()[0])
            command = a.candidate if kind == "candidate" else a.baseline
            # The probe exits with the command's status: a failed run must stop the benchmark, not be
            # timed as if it had done the work.
            probe = f"{sys.executable} -c 'import resource,subprocess,sys; rc = subprocess.call([\"bash\",\"-c\",sys.argv[1]]); print(\"PEAK_KB\", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)' {json.dumps(command)}"
            start = time.monotonic()
            out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True)
            elapsed = time.monotonic() - start
            with open(a.log, "a") as log:
                log.write(out.stdout + out.stderr)
            if out.returncode != 0 or "PEAK_KB" not in out.stdout:
                sys.exit(f"{kind} failed with exit {out.returncode} (log: {a.log})")
            peak_kb = int(out.stdout.rsplit("PEAK_KB", 1)[1].split()[0])
            peaks[kind] = max(peaks[kind], peak_kb)
            times[kind].append(elapsed)
            print(f"  run {i + 1} {kind}: {elapsed:.1f} s, peak RSS {peak_kb / 1024:.0f} MiB", flush=True)

    c, b = summary(times["candidate"]), summary(times["baseline"])
    result = {
        "name": a.name,
        "repeat": a.repeat,
        "candidate_s": c,
        "baseline_s": b,
        "ratio_median": c["median"] / b["median"],
        "candidate_peak_rss_mib": peaks["candidate"] / 1024,
        "baseline_peak_rss_mib": peaks["baseline"] / 1024,
        "candidate_times_s": times["candidate"],
        "baseline_times_s": times["baseline"],
        "load_average_1min": {"min": min(loads), "max": max(loads)},
        "rows": a.rows,
        "bytes": a.bytes,
        "candidate_rows_per_s": a.rows / c["median"] if a.rows else None,
        "candidate_mb_per_s": a.bytes / 1e6 / c["median"] if a.bytes else None,
        "baseline_rows_per_s": a.rows / b["median"] if a.rows else None,
        "candidate": a.candidate,
        "baseline": a.baseline,
        "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    with open(a.results, "a") as f:
        f.write(json.dumps(result) + "\n")
    rows_s = f"{result['candidate_rows_per_s']:,.0f}" if a.rows else "-"
    mb_s = f"{result['candidate_mb_per_s']:.1f}" if a.bytes else "-"
    print(
        f"| {a.name} | {c['median']:.1f} ({c['min']:.1f}-{c['max']:.1f}) | {b['median']:.1f} ({b['min']:.1f}-{b['max']:.1f}) "
        f"| {result['ratio_median']:.2f} | {rows_s} | {mb_s} | {result['candidate_peak_rss_mib']:.0f} / {result['baseline_peak_rss_mib']:.0f} |"
    )


if __name__ == "__main__":
    main()
