"""The mljobs DAGs, generated from a pipeline :class:`~mljobs_airflow.plan.Plan`.

- ``<prefix>_daily``: ingest (one task per ingest job with sources: files, JDBC, Kafka drain)
  -> ``new_input`` (skips the rest when no dataset got new rows for the date) -> ``quality_gate``
  (check-quality; exit 3 fails the run, no retries) -> ``detect_drift`` (--fail-on-drift: exit 4
  means retraining recommended) -> ``retraining_decision`` (branch) -> ``publish_snowflake``
  (only where MLJOBS_SNOWFLAKE_URL is set). Silver Delta tables are the Delta publication, written
  by the gate.
- ``<prefix>_maintenance``: maintain-tables on its own (weekly) schedule.
- ``<prefix>_backfill``: params ``from``/``to``; per date the gate then drift, a bounded number of
  dates at a time.
- ``<prefix>_stream``: ingest-stream, drained every 15 minutes (trigger ``available-now``) or kept
  running (trigger ``continuous``; Airflow starts it again when it stops), as the config says.

Jobs that do not exist yet (features, training sets, train/promote, score, accuracy tracking) get
their tasks here when they land: :data:`RETRAIN_TASK_IDS` is where the retraining branch leads.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from airflow.exceptions import AirflowFailException
from airflow.sdk import DAG, Param, TriggerRule, task, task_group


from mljobs_airflow.operators import MljobsJobOperator, read_manifest
from mljobs_airflow.plan import Plan

OWNER = "mljobs"
START = datetime(2026, 11, 1, tzinfo=timezone.utc)

#: Retries and time limits per job (the task-level policy; exit codes 2 and 3 are never retried).
JOB_POLICY = {
    "ingest-files": dict(retries=2, retry_delay=timedelta(minutes=5), timeout=timedelta(hours=1)),
    "ingest-jdbc": dict(retries=3, retry_delay=timedelta(minutes=5), timeout=timedelta(hours=1)),
    "ingest-stream": dict(retries=2, retry_delay=timedelta(minutes=2), timeout=timedelta(hours=1)),
    "check-quality": dict(retries=1, retry_delay=timedelta(minutes=5), timeout=timedelta(hours=1)),
    "detect-drift": dict(retries=1, retry_delay=timedelta(minutes=5), timeout=timedelta(hours=1)),
    "publish-snowflake": dict(
        retries=3, retry_delay=timedelta(minutes=10), timeout=timedelta(hours=2)
    ),
    "maintain-tables": dict(retries=1, retry_delay=timedelta(minutes=30), timeout=timedelta(hours=4)),
}

#: Where the retraining branch leads when drift recommends it. Empty until the training jobs
#: (train-models, promote) exist: today the decision is recorded (XCom, log) and nothing extra runs.
RETRAIN_TASK_IDS: list[str] = []

BACKFILL_PARALLEL_DATES = 2
BACKFILL_MAX_DAYS = 366
STREAM_DRAIN_EVERY = timedelta(minutes=15)


def _default_args() -> dict:
    return {"owner": OWNER, "retries": 1, "retry_delay": timedelta(minutes=5)}


def job_task(plan: Plan, task_id: str, job: str, **kwargs) -> MljobsJobOperator:
    """One job as a task, with that job's retries and time limit."""
    policy = JOB_POLICY[job]
    kwargs.setdefault("retries", policy["retries"])
    kwargs.setdefault("retry_delay", policy["retry_delay"])
    kwargs.setdefault("execution_timeout", policy["timeout"])
    return MljobsJobOperator(task_id=task_id, job=job, pipeline=plan.pipeline, **kwargs)


def rows_loaded_for(manifest_paths: list[str], sources: list[str]) -> int | None:
    """Rows loaded into ``sources`` by every ingest run of the date, from their manifests.

    A run date's manifests share one folder per job (``_manifests/<job>/<date>/<run-id>/``), so a
    re-run of the date (nothing new to take) still sees the rows its first run loaded. None when
    no manifest can be read from here (remote storage): the caller then lets the gate decide.
    """
    total, seen = 0, False
    for path in manifest_paths:
        folder = Path(path[len("file:") :] if path.startswith("file:") else path).parent
        if not folder.is_dir():
            continue
        for attempt in folder.glob("*.json"):
            doc = read_manifest(str(attempt)) or {}
            metrics = doc.get("metrics", {})
            seen = True
            total += sum(int(metrics.get(f"rows_loaded.{s}", 0) or 0) for s in sources)
    return total if seen else None


def build_daily(plan: Plan) -> DAG:
    with DAG(
        dag_id=plan.dag_id("daily"),
        description=f"mljobs pipeline '{plan.pipeline}': ingest, quality gate, drift, publish",
        schedule="@daily",
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=_default_args(),
        tags=["mljobs", f"pipeline:{plan.pipeline}", "daily"],
        doc_md=__doc__,
    ) as dag:
        ingest = []
        if plan.file_sources:
            ingest.append(job_task(plan, "ingest_files", "ingest-files"))
        if plan.jdbc_sources:
            ingest.append(job_task(plan, "ingest_jdbc", "ingest-jdbc"))
        if plan.kafka_sources and plan.stream.trigger == "available-now":
            # Continuous mode keeps the stream running in <prefix>_stream; draining here too
            # would compete for the same checkpoint.
            ingest.append(
                job_task(
                    plan, "ingest_stream", "ingest-stream", job_args=["--trigger", "available-now"]
                )
            )
        gate_sources = plan.sources_of(plan.datasets)
        ingest_ids = [t.task_id for t in ingest]

        @task.short_circuit(task_id="new_input", ignore_downstream_trigger_rules=True)
        def new_input(ti=None, ds=None) -> bool:
            results = [r for r in ti.xcom_pull(task_ids=ingest_ids) or [] if r]
            paths = [r["manifest"] for r in results if r.get("manifest")]
            rows = rows_loaded_for(paths, gate_sources)
            print(f"mljobs: rows ingested for {ds} into {gate_sources}: {rows}")
            if rows == 0:
                print(f"mljobs: no new input for {ds}; the gate, drift and publish are skipped.")
            return rows != 0

        head = new_input()
        if ingest:
            ingest >> head
        last = head
        if plan.datasets:
            gate = job_task(plan, "quality_gate", "check-quality")
            last >> gate
            last = gate
        if plan.drift_datasets:
            drift = job_task(
                plan,
                "detect_drift",
                "detect-drift",
                job_args=["--fail-on-drift", "true"],
                accept_exit_codes=(4,),
            )
            last >> drift
            publish_ids = ["publish_snowflake"] if plan.publications else []

            @task.branch(task_id="retraining_decision")
            def retraining_decision(ti=None) -> list[str]:
                drift_result = ti.xcom_pull(task_ids="detect_drift") or {}
                recommended = drift_result.get("exit_code") == 4
                decision = {
                    "retraining_recommended": recommended,
                    "reason": drift_result.get("summary"),
                    "drift_manifest": drift_result.get("manifest"),
                    "retrain_tasks": RETRAIN_TASK_IDS if recommended else [],
                }
                ti.xcom_push(key="decision", value=decision)
                print("mljobs retraining decision: " + json.dumps(decision))
                return publish_ids + decision["retrain_tasks"]

            decision = retraining_decision()
            drift >> decision
            last = decision
        if plan.publications:
            publish = job_task(
                plan,
                "publish_snowflake",
                "publish-snowflake",
                skip_unless_env="MLJOBS_SNOWFLAKE_URL",
                trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS,
            )
            last >> publish
    return dag


def build_maintenance(plan: Plan) -> DAG:
    with DAG(
        dag_id=plan.dag_id("maintenance"),
        description=f"mljobs pipeline '{plan.pipeline}': Delta table properties, OPTIMIZE, VACUUM",
        schedule="@weekly",
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=_default_args(),
        tags=["mljobs", f"pipeline:{plan.pipeline}", "maintenance"],
    ) as dag:
        job_task(plan, "maintain_tables", "maintain-tables")
    return dag


def backfill_dates(start: str, end: str) -> list[str]:
    """Every date from ``start`` to ``end`` (inclusive), checked."""
    try:
        first, last = date.fromisoformat(str(start)), date.fromisoformat(str(end))
    except ValueError as e:
        raise AirflowFailException(f"backfill params from/to must be YYYY-MM-DD: {e}") from e
    if last < first:
        raise AirflowFailException(f"backfill 'to' ({last}) is before 'from' ({first}).")
    days = (last - first).days + 1
    if days > BACKFILL_MAX_DAYS:
        raise AirflowFailException(
            f"backfill of {days} days is more than {BACKFILL_MAX_DAYS}; split the range."
        )
    return [(first + timedelta(days=i)).isoformat() for i in range(days)]


def build_backfill(plan: Plan) -> DAG:
    with DAG(
        dag_id=plan.dag_id("backfill"),
        description=f"mljobs pipeline '{plan.pipeline}': per-date jobs over a date range",
        schedule=None,
        start_date=START,
        catchup=False,
        max_active_runs=1,
        max_active_tasks=BACKFILL_PARALLEL_DATES,
        default_args=_default_args(),
        tags=["mljobs", f"pipeline:{plan.pipeline}", "backfill"],
        params={
            "from": Param("2026-11-01", type="string", format="date", title="first date"),
            "to": Param("2026-11-07", type="string", format="date", title="last date"),
        },
    ) as dag:

        @task(task_id="dates")
        def dates(params=None) -> list[str]:
            return backfill_dates(params["from"], params["to"])

        @task_group(group_id="one_date")
        def one_date(run_date: str):
            steps = []
            if plan.datasets:
                steps.append(job_task(plan, "quality_gate", "check-quality", run_date=run_date))
            if plan.drift_datasets:
                steps.append(job_task(plan, "detect_drift", "detect-drift", run_date=run_date))
            for a, b in zip(steps, steps[1:]):
                a >> b

        one_date.expand(run_date=dates())
    return dag


def build_stream(plan: Plan) -> DAG | None:
    if not plan.kafka_sources:
        return None
    continuous = plan.stream.trigger == "continuous"
    with DAG(
        dag_id=plan.dag_id("stream"),
        description=f"mljobs pipeline '{plan.pipeline}': Kafka ingest ({plan.stream.trigger})",
        schedule="@continuous" if continuous else STREAM_DRAIN_EVERY,
        start_date=START,
        catchup=False,
        max_active_runs=1,
        default_args=_default_args(),
        tags=["mljobs", f"pipeline:{plan.pipeline}", "stream"],
    ) as dag:
        if continuous:
            job_task(
                plan,
                "ingest_stream",
                "ingest-stream",
                job_args=["--trigger", "continuous", "--interval", plan.stream.interval],
                execution_timeout=None,
                retries=5,
                retry_delay=timedelta(minutes=1),
            )
        else:
            job_task(
                plan,
                "ingest_stream",
                "ingest-stream",
                job_args=["--trigger", "available-now"],
                execution_timeout=STREAM_DRAIN_EVERY * 2,
            )
    return dag


def build_all(plan: Plan) -> list[DAG]:
    dags = [build_daily(plan), build_maintenance(plan), build_backfill(plan), build_stream(plan)]
    return [d for d in dags if d is not None]
