#!/usr/bin/env python3
"""Summarises Spark event logs: how many Spark jobs, stages and tasks a run used, and how much it
read (from storage or Spark's cache).

    eventlog.py [--table-bytes N] [--json | --row LABEL] EVENT_LOG_FILE...

Each log is named by what ran: the mljobs job whose name starts its Spark job descriptions
("CHECK-QUALITY 2026-11-07 ...") or else the application name. Prints one line
per log: `<name>: jobs=J stages=S tasks=T input_bytes=B app_s=A [passes=P]` (A: seconds from the
SparkContext's start to its stop, without the JVM start), where P = B / N is how many
full reads of the data the run made (Spark counts a task's reads of cached blocks as input
bytes too, at their in-memory size, so P counts reads of Spark's cache as well as of storage).
--sites adds, per log, how many Spark jobs each call site started (the first stage's name, e.g.
"collectAsList at DeltaOutput.java:452"), most first: where a run's Spark jobs come from.
--json prints the same as JSON lines; --row LABEL prints one Markdown table row: LABEL, then one cell per distinct name (the
newest log of each, by file modification time), names sorted.
"""
import argparse
import json
import os
import re


def summarise(path):
    app, group, jobs, stages, tasks, input_bytes = "?", None, 0, 0, 0, 0
    start = end = None
    sites = {}
    with open(path) as f:
        for line in f:
            event = json.loads(line)
            kind = event.get("Event")
            if kind == "SparkListenerApplicationStart":
                app = event.get("App Name", "?")
                start = event.get("Timestamp")
            elif kind == "SparkListenerApplicationEnd":
                end = event.get("Timestamp")
            elif kind == "SparkListenerJobStart":
                jobs += 1
                infos = event.get("Stage Infos") or [{}]
                site = min(infos, key=lambda i: i.get("Stage ID", 0)).get("Stage Name", "?")
                sites[site] = sites.get(site, 0) + 1
                if group is None:
                    # mljobs describes its jobs "<JOB-NAME> <run date> ..."; Delta's own jobs
                    # keep that prefix.
                    words = ((event.get("Properties") or {}).get("spark.job.description") or "").split()
                    if words and re.fullmatch(r"[A-Z][A-Z-]+", words[0]):
                        group = words[0].lower()
            elif kind == "SparkListenerStageCompleted":
                stages += 1
            elif kind == "SparkListenerTaskEnd":
                tasks += 1
                metrics = event.get("Task Metrics") or {}
                input_bytes += (metrics.get("Input Metrics") or {}).get("Bytes Read", 0)
    name = group or app
    # Application time: SparkContext start to stop, without the JVM's own start.
    app_s = round((end - start) / 1000, 1) if start and end else None
    return {"name": name, "jobs": jobs, "stages": stages, "tasks": tasks, "input_bytes": input_bytes,
            "app_s": app_s, "sites": dict(sorted(sites.items(), key=lambda kv: -kv[1]))}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--table-bytes", type=int, default=0, help="size of the data read, for passes")
    p.add_argument("--json", action="store_true")
    p.add_argument("--row", help="print one Markdown row with this label")
    p.add_argument("--sites", action="store_true", help="add the Spark jobs per call site")
    p.add_argument("logs", nargs="+")
    a = p.parse_args()
    newest = {}
    for path in sorted(a.logs, key=os.path.getmtime):
        s = summarise(path)
        if a.table_bytes:
            s["passes"] = round(s["input_bytes"] / a.table_bytes, 2)
        sites = s.pop("sites")
        if a.sites:
            s["sites"] = sites
        newest[s["name"]] = s
        if a.row:
            continue
        if a.json:
            print(json.dumps(s))
        else:
            print(f"{s['name']}: " + " ".join(f"{k}={v}" for k, v in s.items() if k not in ("name", "sites")))
            for site, n in s.get("sites", {}).items():
                print(f"  {n:4d}  {site}")
    if a.row:
        cells = [
            f"{n}: {s['jobs']} jobs, {s['stages']} stages" + (f", {s['passes']} reads" if a.table_bytes else "")
            for n, s in sorted(newest.items())
        ]
        print(f"| {a.row} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
