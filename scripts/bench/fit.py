#!/usr/bin/env python3
"""Splits benchmark wall times into a fixed part and a per-million-rows part.

Reads bench.py's results (one JSON line per benchmark and scale), keeps the lines whose name
matches NAME_REGEX (e.g. '^ingest-files x'), and fits a straight line through the medians of each
side against the rows processed: time = fixed + per_mrow * rows / 1e6 (least squares; with two
scales, the line through both). Prints one Markdown row per side and the ratio of the per-row
parts (candidate / baseline), which is what a per-row target compares.

    scripts/bench/fit.py bench-output/results.jsonl '^ingest-files x' [--since 2026-12-05T03:00:00Z]
        [--until 2026-12-05T04:00:00Z]
"""
import argparse
import json
import re


def fit(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return my - slope * mx, slope


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results")
    p.add_argument("name_regex")
    p.add_argument("--since", default="", help="only results written at or after this UTC time")
    p.add_argument("--until", default="9", help="only results written before this UTC time")
    a = p.parse_args()
    lines = [json.loads(l) for l in open(a.results) if l.strip()]
    chosen = [r for r in lines if re.search(a.name_regex, r["name"]) and a.since <= r.get("at", "") < a.until]
    # The latest result per row count (a scale measured twice keeps its last run).
    by_rows = {}
    for r in chosen:
        by_rows[r["rows"]] = r
    if len(by_rows) < 2:
        raise SystemExit(f"need results at 2 or more scales, found {sorted(by_rows)}")
    rows = sorted(by_rows)
    xs = [n / 1e6 for n in rows]
    print("| side | " + " | ".join(f"{n:,} rows: median s" for n in rows) + " | fixed s | s per million rows |")
    print("|---|" + "---|" * (len(rows) + 2))
    slopes = {}
    for side in ("candidate", "baseline"):
        ys = [by_rows[n][f"{side}_s"]["median"] for n in rows]
        fixed, slope = fit(xs, ys)
        slopes[side] = slope
        print(f"| {side} | " + " | ".join(f"{y:.1f}" for y in ys) + f" | {fixed:.1f} | {slope:.1f} |")
    print(f"\nper-row ratio (candidate / baseline): {slopes['candidate'] / slopes['baseline']:.2f}")


if __name__ == "__main__":
    main()
