#!/usr/bin/env python3
"""Summarises Spark event logs: how many Spark jobs, stages and tasks a run used, and how much it
read from storage.

    eventlog.py [--table-bytes N] EVENT_LOG_FILE...

Prints one line per file: `<app name>: jobs=J stages=S tasks=T input_bytes=B [passes=P]`, where
P = B / N is the number of full reads of the data the run made from storage (reads of Spark's
cache are not storage reads, so a run that caches its input shows fewer passes than jobs).
With --json, prints the same as one JSON object per line; with --row LABEL, one Markdown table
row: LABEL, then one cell per file.
"""
import argparse
import json


def summarise(path):
    app, jobs, stages, tasks, input_bytes = "?", 0, 0, 0, 0
    with open(path) as f:
        for line in f:
            event = json.loads(line)
            kind = event.get("Event")
            if kind == "SparkListenerApplicationStart":
                app = event.get("App Name", "?")
            elif kind == "SparkListenerJobStart":
                jobs += 1
            elif kind == "SparkListenerStageCompleted":
                stages += 1
            elif kind == "SparkListenerTaskEnd":
                tasks += 1
                metrics = event.get("Task Metrics") or {}
                input_bytes += (metrics.get("Input Metrics") or {}).get("Bytes Read", 0)
    return {"app": app, "jobs": jobs, "stages": stages, "tasks": tasks, "input_bytes": input_bytes}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--table-bytes", type=int, default=0, help="size of the data read, for passes")
    p.add_argument("--json", action="store_true")
    p.add_argument("--row", help="print one Markdown row with this label")
    p.add_argument("logs", nargs="+")
    a = p.parse_args()
    cells = []
    for path in a.logs:
        s = summarise(path)
        if a.table_bytes:
            s["passes"] = round(s["input_bytes"] / a.table_bytes, 2)
        cells.append(f"{s['jobs']} jobs, {s['stages']} stages" + (f", {s['passes']} passes" if a.table_bytes else ""))
        if a.row:
            continue
        if a.json:
            print(json.dumps(s))
        else:
            print(f"{s['app']}: " + " ".join(f"{k}={v}" for k, v in s.items() if k != "app"))
    if a.row:
        print(f"| {a.row} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
