"""The mljobs DAGs, generated from a pipeline :class:`~mljobs_airflow.plan.Plan`.

- ``<prefix>_daily``: ingest (one task per ingest job with sources: files, JDBC, Kafka drain)
  -> ``new_input`` (skips the rest when no dataset got new rows for the date) -> ``quality_gate``
  (check-quality; exit 3 fails the run, no retries) -> ``build_features`` (the run date of each
  feature set) -> ``features_gate`` (check-quality of the feature tables, not promoted) ->
  ``features_drift`` (detect-drift of the feature tables) -> ``score`` (the champion, and the
  challenger in shadow) -> ``evaluate_model`` (realized accuracy from the labels that arrived) ->
  ``detect_drift`` (--fail-on-drift) -> ``decide_retraining`` (exit 4: retraining recommended) ->
  ``retraining_decision`` (branch: on 4, or when triggered with ``retrain: true``, to
  ``build_training_set`` -> ``train_models``; otherwise they are skipped) and
  ``publish_snowflake`` (only where MLJOBS_SNOWFLAKE_URL is set; runs whichever way the branch
  went). Silver Delta tables are the Delta publication, written by the gate. Each ML task exists
  only when the plan lists what it works on (feature sets, scored models, training sets and
  models); without scored models the branch follows detect_drift's exit 4 instead.
- Before the first champion is registered, ``score`` is skipped (not failed) with the job's own
  message ("No champion of model ... run train-models ..."), and so is ``evaluate_model``; drift,
  the decision and publishing still run. The first model comes from the retraining branch: when
  decide-retraining recommends it, or by triggering the DAG with the param ``retrain: true`` (or
  running train-models by hand); train-models makes the first version of a model champion.
- ``<prefix>_maintenance``: maintain-tables on its own (weekly) schedule.
- ``<prefix>_backfill``: params ``from``/``to``; per date the gate, the features, then drift, a
  bounded number of dates at a time.
- ``<prefix>_stream``: ingest-stream, drained every 15 minutes (trigger ``available-now``) or kept
  running (trigger ``continuous``; Airflow starts it again when it stops), as the config says.

There is no ``promote-model`` task: train-models applies the promotion rule itself (champion only
when it beats the current one on the holdout); promote-model is the manual move of a named version.
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
    "build-features": dict(retries=1, retry_delay=timedelta(minutes=5), timeout=timedelta(hours=2)),
    "build-training-set": dict(
        retries=1, retry_delay=timedelta(minutes=5), timeout=timedelta(hours=2)
    ),
    # The long job, and its failures are the data's (an empty split window, one class only): a
    # retry would repeat them after hours. Fix the data or the split, then clear the task.
    "train-models": dict(retries=0, retry_delay=timedelta(minutes=10), timeout=timedelta(hours=6)),
    # Manual alias moves (train-models promotes by itself); for a task a user adds.
    "promote-model": dict(retries=0, retry_delay=timedelta(minutes=5), timeout=timedelta(hours=1)),
    "score": dict(retries=1, retry_delay=timedelta(minutes=5), timeout=timedelta(hours=1)),
    "evaluate-model": dict(retries=1, retry_delay=timedelta(minutes=5), timeout=timedelta(hours=1)),
    "decide-retraining": dict(
        retries=1, retry_delay=timedelta(minutes=5), timeout=timedelta(minutes=30)
    ),
}

#: The retraining tasks, in order; the branch leads to the first when retraining is recommended
#: (decide-retraining's exit 4) or asked for (param ``retrain``). Only in a plan with training sets
#: and models.
RETRAIN_TASK_IDS: list[str] = ["build_training_set", "train_models"]

#: How score's failure starts when no champion is registered yet (RegistryView.champion): on a
#: fresh pipeline that is "nothing to score yet", a skip rather than a failure.
NO_CHAMPION = "No champion of model"

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


def feature_tasks(plan: Plan, **kwargs) -> list[MljobsJobOperator]:
    """build-features for the run date, then the feature tables' own gate and drift, in order.

    The gate and drift of the feature tables run under their own run ids (the same jobs ran
    earlier in the DAG with other datasets) and only on the feature datasets; the gate checks the
    run date and promotes nothing, as in scripts/run-demo.sh.
    """
    if not plan.feature_sets:
        return []
    tasks = [job_task(plan, "build_features", "build-features", **kwargs)]
    if plan.feature_gate_datasets:
        names = ", ".join(plan.feature_gate_datasets)
        tasks.append(
            job_task(
                plan,
                "features_gate",
                "check-quality",
                job_args=[
                    "--run-id",
                    "features-gate-{{ ds }}",
                    "--set",
                    f"mljobs.jobs.check-quality.datasets=[{names}]",
                    "--set",
                    "mljobs.jobs.check-quality.dates=run-date",
                    "--set",
                    "mljobs.jobs.check-quality.promote=false",
                ],
                **kwargs,
            )
        )
    if plan.feature_drift_datasets:
        names = ", ".join(plan.feature_drift_datasets)
        tasks.append(
            job_task(
                plan,
                "features_drift",
                "detect-drift",
                job_args=[
                    "--run-id",
                    "features-drift-{{ ds }}",
                    "--set",
                    f"mljobs.jobs.detect-drift.only=[{names}]",
                ],
                **kwargs,
            )
        )
    return tasks


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
        params={
            "retrain": Param(
                False,
                type="boolean",
                title="retrain",
                description="Take the retraining branch whatever decide-retraining says "
                "(e.g. the first model of a new pipeline).",
            )
        },
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
        for t in feature_tasks(plan):
            last >> t
            last = t
        scoring = bool(plan.scored_models)
        if scoring:
            score = job_task(plan, "score", "score", skip_on_failure=NO_CHAMPION)
            evaluate = job_task(plan, "evaluate_model", "evaluate-model")
            last >> score >> evaluate
            last = evaluate
        if plan.drift_datasets:
            drift = job_task(
                plan,
                "detect_drift",
                "detect-drift",
                job_args=["--fail-on-drift", "true"],
                accept_exit_codes=(4,),
                # runs after a skipped score (no champion yet): drift does not need a model
                trigger_rule=TriggerRule.NONE_FAILED if scoring else TriggerRule.ALL_SUCCESS,
            )
            last >> drift
            last = drift
        if scoring:
            decide = job_task(
                plan,
                "decide_retraining",
                "decide-retraining",
                accept_exit_codes=(4,),
                trigger_rule=TriggerRule.NONE_FAILED,
            )
            last >> decide
            last = decide
        decided_by = "decide_retraining" if scoring else "detect_drift"
        if scoring or plan.drift_datasets:
            publish_ids = ["publish_snowflake"] if plan.publications else []
            retrain_ids = RETRAIN_TASK_IDS[:1] if plan.retrains else []

            @task.branch(task_id="retraining_decision")
            def retraining_decision(ti=None, params=None) -> list[str]:
                result = ti.xcom_pull(task_ids=decided_by) or {}
                recommended = result.get("exit_code") == 4
                asked = bool((params or {}).get("retrain"))
                no_champion = ti.xcom_pull(task_ids="score", key="skipped") if scoring else None
                retrain = (recommended or asked) and bool(retrain_ids)
                decision = {
                    "retraining_recommended": recommended,
                    "retraining_asked": asked,
                    "decided_by": decided_by,
                    "reason": result.get("summary"),
                    "decision_manifest": result.get("manifest"),
                    "drift_manifest": (ti.xcom_pull(task_ids="detect_drift") or {}).get(
                        "manifest"
                    ),
                    "no_champion": no_champion,
                    "retrain_tasks": RETRAIN_TASK_IDS if retrain else [],
                }
                ti.xcom_push(key="decision", value=decision)
                print("mljobs retraining decision: " + json.dumps(decision))
                if no_champion and not retrain:
                    print(
                        "mljobs: no champion yet, so nothing was scored. The retraining branch "
                        "trains one when decide-retraining recommends it; to train now, trigger "
                        'this DAG with {"retrain": true} (or run train-models).'
                    )
                return publish_ids + (retrain_ids if retrain else [])

            decision = retraining_decision()
            last >> decision
            last = decision
            if plan.retrains:
                training_set = job_task(plan, "build_training_set", "build-training-set")
                train = job_task(plan, "train_models", "train-models")
                decision >> training_set >> train
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
            if plan.feature_sets:
                steps.append(job_task(plan, "build_features", "build-features", run_date=run_date))
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
