"""The pipeline plan: what the mljobs DAGs are generated from.

A plan is a small JSON file (``dags/pipelines/<pipeline>.json``) listing the names the DAGs need:
sources by type, datasets of the quality gate, drift datasets, Snowflake publications, tables to
maintain, the streaming mode, and the ML stages: feature sets (with the gate and drift datasets
that read their tables), training sets, models and the models scored. It is exported from the real, resolved config by
``scripts/services/airflow export-plan`` (``scripts/mljobs describe-config --json`` piped into this
module), so the DAGs see exactly what the jobs see, and DAG parsing reads files only: no Java, no
connection, no Variable.

The plan holds names, never paths or secrets: where the config folder, the jar and the warehouse
are is decided at run time (:mod:`mljobs_airflow.settings`).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

PLAN_FORMAT = 1
PLANS_DIR = Path(__file__).resolve().parent.parent / "pipelines"


@dataclass(frozen=True)
class StreamMode:
    """How ``ingest-stream`` runs: ``available-now`` (drained on a schedule) or ``continuous``."""

    trigger: str = "available-now"
    interval: str = "30s"


@dataclass(frozen=True)
class Plan:
    """The lists one pipeline's DAGs are generated from (see the module docstring)."""

    pipeline: str
    dag_prefix: str
    file_sources: tuple[str, ...] = ()
    jdbc_sources: tuple[str, ...] = ()
    kafka_sources: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    dataset_tables: dict[str, str] = field(default_factory=dict)
    source_tables: dict[str, str] = field(default_factory=dict)
    drift_datasets: tuple[str, ...] = ()
    publications: tuple[str, ...] = ()
    maintain_tables: tuple[str, ...] = ()
    stream: StreamMode = StreamMode()
    feature_sets: tuple[str, ...] = ()
    feature_gate_datasets: tuple[str, ...] = ()
    feature_drift_datasets: tuple[str, ...] = ()
    training_sets: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    scored_models: tuple[str, ...] = ()

    @property
    def retrains(self) -> bool:
        """Whether the pipeline can retrain: training sets to build and models to train."""
        return bool(self.training_sets and self.models)

    def dag_id(self, kind: str) -> str:
        return f"{self.dag_prefix}_{kind}"

    def sources_of(self, datasets) -> list[str]:
        """The sources whose bronze table a dataset of ``datasets`` reads."""
        tables = {self.dataset_tables.get(d) for d in datasets}
        return [s for s, t in sorted(self.source_tables.items()) if t in tables]

    @staticmethod
    def from_json(doc: dict) -> "Plan":
        if doc.get("format") != PLAN_FORMAT:
            raise ValueError(
                f"plan format {doc.get('format')!r} is not {PLAN_FORMAT}: "
                "re-export it with scripts/services/airflow export-plan"
            )
        return Plan(
            pipeline=doc["pipeline"],
            dag_prefix=doc.get("dag_prefix", "mljobs"),
            file_sources=tuple(doc["sources"].get("files", [])),
            jdbc_sources=tuple(doc["sources"].get("jdbc", [])),
            kafka_sources=tuple(doc["sources"].get("kafka", [])),
            datasets=tuple(doc.get("datasets", [])),
            dataset_tables=dict(doc.get("dataset_tables", {})),
            source_tables=dict(doc.get("source_tables", {})),
            drift_datasets=tuple(doc.get("drift_datasets", [])),
            publications=tuple(doc.get("publications", [])),
            maintain_tables=tuple(doc.get("maintain_tables", [])),
            stream=StreamMode(**doc.get("stream", {})),
            feature_sets=tuple(doc.get("feature_sets", [])),
            feature_gate_datasets=tuple(doc.get("feature_gate_datasets", [])),
            feature_drift_datasets=tuple(doc.get("feature_drift_datasets", [])),
            training_sets=tuple(doc.get("training_sets", [])),
            models=tuple(doc.get("models", [])),
            scored_models=tuple(doc.get("scored_models", [])),
        )


def load_plans(folder: Path = PLANS_DIR) -> list[Plan]:
    """Every plan in ``folder``, sorted by file name. Reads files only (safe at parse time)."""
    return [Plan.from_json(json.loads(p.read_text())) for p in sorted(folder.glob("*.json"))]


def _selected(own: dict, key: str, declared: list[str]) -> list[str]:
    chosen = own.get(key)
    return list(chosen) if chosen else list(declared)


def plan_from_config(config: dict, dag_prefix: str = "mljobs") -> dict:
    """The plan document of a resolved config (``describe-config --json``), as the jobs select.

    Mirrors each job's own default selection: a job's ``sources``/``datasets``/``only``/``select``
    list when set, otherwise everything of its kind declared.
    """
    m = config["mljobs"]
    jobs = m.get("jobs", {})
    sources = m.get("sources", {})

    def of_type(kind: str) -> list[str]:
        return sorted(n for n, s in sources.items() if s.get("type") == kind)

    datasets = m.get("datasets", {})
    drift = jobs.get("detect-drift", {})
    stream = jobs.get("ingest-stream", {})
    feature_sets = _selected(
        jobs.get("build-features", {}), "feature-sets", sorted(m.get("feature-sets", {}))
    )
    feature_tables = {
        m["feature-sets"][f].get("table", f"features.{f}")
        for f in feature_sets
        if f in m.get("feature-sets", {})
    }
    # The feature tables' own gate and drift run by config alone (README "Features"): every
    # dataset, and every drift dataset, whose table is a built feature table.
    feature_gate = sorted(n for n, d in datasets.items() if d.get("table") in feature_tables)
    feature_drift = sorted(
        n for n, d in drift.get("datasets", {}).items() if d.get("table") in feature_tables
    )
    return {
        "format": PLAN_FORMAT,
        "pipeline": m.get("pipeline", "default"),
        "dag_prefix": dag_prefix,
        "sources": {
            "files": _selected(jobs.get("ingest-files", {}), "sources", of_type("files")),
            "jdbc": _selected(jobs.get("ingest-jdbc", {}), "sources", of_type("jdbc")),
            "kafka": _selected(jobs.get("ingest-stream", {}), "sources", of_type("kafka")),
        },
        "source_tables": {
            n: s.get("bronze-table", f"bronze.{n}") for n, s in sorted(sources.items())
        },
        "datasets": _selected(jobs.get("check-quality", {}), "datasets", sorted(datasets)),
        "dataset_tables": {n: d.get("table") for n, d in sorted(datasets.items())},
        "drift_datasets": _selected(drift, "only", sorted(drift.get("datasets", {}))),
        "publications": _selected(
            jobs.get("publish-snowflake", {}),
            "select",
            sorted(jobs.get("publish-snowflake", {}).get("publications", {})),
        ),
        "maintain_tables": list(jobs.get("maintain-tables", {}).get("tables", [])),
        "stream": {
            "trigger": stream.get("trigger", "available-now"),
            "interval": str(stream.get("interval", "30s")),
        },
        "feature_sets": feature_sets,
        "feature_gate_datasets": feature_gate,
        "feature_drift_datasets": feature_drift,
        "training_sets": _selected(
            jobs.get("build-training-set", {}), "sets", sorted(m.get("training-sets", {}))
        ),
        "models": _selected(jobs.get("train-models", {}), "models", sorted(m.get("models", {}))),
        "scored_models": _selected(jobs.get("score", {}), "models", sorted(m.get("scoring", {}))),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Turn `describe-config --json` (stdin) into an mljobs DAG plan (stdout)."
    )
    parser.add_argument("--config", help="the pipeline folder the plan came from (informational)")
    parser.add_argument("--dag-prefix", default="mljobs")
    args = parser.parse_args(argv)
    text = sys.stdin.read()
    try:
        config = json.loads(text)
    except json.JSONDecodeError as e:
        print(
            f"ERROR: describe-config did not print JSON ({e}); run it by hand to see why:\n"
            f"  scripts/mljobs describe-config --json --config {args.config}",
            file=sys.stderr,
        )
        return 2
    doc = plan_from_config(config, args.dag_prefix)
    json.dump(doc, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
