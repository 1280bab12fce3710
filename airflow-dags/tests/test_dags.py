"""DagBag integrity and the task graph of each generated DAG (real Airflow, no Spark)."""

from __future__ import annotations

import json
import sys
from datetime import timedelta

import pytest
from airflow.models.dagbag import DagBag
from airflow.sdk import TriggerRule

from conftest import DAGS

from mljobs_airflow import dags as builders
from mljobs_airflow.plan import Plan, load_plans

EXPECTED_DAGS = {"mljobs_daily", "mljobs_maintenance", "mljobs_backfill", "mljobs_stream"}


def edges(dag) -> set[tuple[str, str]]:
    return {(t.task_id, d) for t in dag.tasks for d in t.downstream_task_ids}


def test_no_import_errors_and_every_dag_present(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == EXPECTED_DAGS


def test_owners_tags_retries_and_timeouts(dagbag):
    for dag in dagbag.dags.values():
        assert "mljobs" in dag.tags and "pipeline:demo" in dag.tags, dag.dag_id
        assert dag.catchup is False or dag.schedule is None, dag.dag_id
        for t in dag.tasks:
            assert t.owner == "mljobs", (dag.dag_id, t.task_id)
            if getattr(t, "job", None):  # every Spark job: its own retries and time limit
                policy = builders.JOB_POLICY[t.job]
                assert t.retries == policy["retries"] or dag.dag_id == "mljobs_stream", t.task_id
                assert t.execution_timeout is not None or dag.dag_id == "mljobs_stream"


def test_parsing_touches_no_connection_no_variable(monkeypatch):
    """Re-imports the DAG file and the helper package with every lookup made to fail."""
    touched = []

    def refuse(what):
        def _refuse(*args, **kwargs):
            touched.append((what, args))
            raise AssertionError(f"{what} looked up while parsing: {args}")

        return _refuse

    import airflow.models.connection
    import airflow.models.variable
    import airflow.sdk
    from airflow.sdk.bases.hook import BaseHook

    monkeypatch.setattr(airflow.sdk.Variable, "get", staticmethod(refuse("Variable")))
    monkeypatch.setattr(airflow.models.variable.Variable, "get", staticmethod(refuse("Variable")))
    monkeypatch.setattr(BaseHook, "get_connection", classmethod(refuse("Connection")))
    monkeypatch.setattr(
        airflow.models.connection.Connection,
        "get_connection_from_secrets",
        classmethod(refuse("Connection")),
    )
    for name in [m for m in sys.modules if m.startswith("mljobs_airflow")]:
        monkeypatch.delitem(sys.modules, name)
    bag = DagBag(dag_folder=str(DAGS), include_examples=False)
    assert bag.import_errors == {}
    assert set(bag.dag_ids) == EXPECTED_DAGS
    assert touched == []


def test_daily_task_graph(dagbag):
    dag = dagbag.get_dag("mljobs_daily")
    assert dag.schedule == "@daily" or str(dag.timetable.summary) == "@daily"
    assert dag.max_active_runs == 1
    assert edges(dag) == {
        ("ingest_files", "new_input"),
        ("ingest_jdbc", "new_input"),
        ("ingest_stream", "new_input"),
        ("new_input", "quality_gate"),
        ("quality_gate", "build_features"),
        ("build_features", "features_gate"),
        ("features_gate", "features_drift"),
        ("features_drift", "score"),
        ("score", "evaluate_model"),
        ("evaluate_model", "detect_drift"),
        ("detect_drift", "decide_retraining"),
        ("decide_retraining", "retraining_decision"),
        ("retraining_decision", "publish_snowflake"),
        ("retraining_decision", "build_training_set"),
        ("build_training_set", "train_models"),
    }
    tasks = dag.task_dict
    assert [tasks[t].job for t in ("ingest_files", "ingest_jdbc", "ingest_stream")] == [
        "ingest-files",
        "ingest-jdbc",
        "ingest-stream",
    ]
    assert tasks["ingest_stream"].job_args == ["--trigger", "available-now"]
    assert tasks["quality_gate"].job == "check-quality"
    assert tasks["detect_drift"].job_args == ["--fail-on-drift", "true"]
    assert tasks["detect_drift"].accept_exit_codes == (4,)
    assert tasks["publish_snowflake"].skip_unless_env == "MLJOBS_SNOWFLAKE_URL"
    assert tasks["publish_snowflake"].trigger_rule == TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS
    assert tasks["quality_gate"].run_date == "{{ ds }}"
    assert "retrain" in dag.params and dag.params["retrain"] is False


def test_daily_ml_tasks_run_the_jobs_as_the_demo_does(dagbag):
    """Jobs and arguments of the ML tasks (scripts/run-demo.sh's order), and how they branch."""
    tasks = dagbag.get_dag("mljobs_daily").task_dict
    jobs = {t: tasks[t].job for t in tasks if getattr(tasks[t], "job", None)}
    assert {t: j for t, j in jobs.items() if not t.startswith(("ingest", "publish"))} == {
        "quality_gate": "check-quality",
        "build_features": "build-features",
        "features_gate": "check-quality",
        "features_drift": "detect-drift",
        "score": "score",
        "evaluate_model": "evaluate-model",
        "detect_drift": "detect-drift",
        "decide_retraining": "decide-retraining",
        "build_training_set": "build-training-set",
        "train_models": "train-models",
    }
    # the feature table's gate and drift: own run ids, only the feature datasets, nothing promoted
    assert tasks["features_gate"].job_args == [
        "--run-id",
        "features-gate-{{ ds }}",
        "--set",
        "mljobs.jobs.check-quality.datasets=[customer_activity]",
        "--set",
        "mljobs.jobs.check-quality.dates=run-date",
        "--set",
        "mljobs.jobs.check-quality.promote=false",
    ]
    assert tasks["features_drift"].job_args == [
        "--run-id",
        "features-drift-{{ ds }}",
        "--set",
        "mljobs.jobs.detect-drift.only=[customer_activity]",
    ]
    assert tasks["build_features"].job_args == [] and tasks["build_features"].run_date == "{{ ds }}"
    # exit 4 of decide-retraining is the branch's input, not a failure
    assert tasks["decide_retraining"].accept_exit_codes == (4,)
    assert tasks["score"].accept_exit_codes == ()
    # no champion yet: score is skipped, and drift and the decision still run after it
    assert tasks["score"].skip_on_failure == builders.NO_CHAMPION == "No champion of model"
    assert tasks["evaluate_model"].trigger_rule == TriggerRule.ALL_SUCCESS
    assert tasks["detect_drift"].trigger_rule == TriggerRule.NONE_FAILED
    assert tasks["decide_retraining"].trigger_rule == TriggerRule.NONE_FAILED
    assert builders.RETRAIN_TASK_IDS == ["build_training_set", "train_models"]
    assert tasks["retraining_decision"].downstream_task_ids == {
        "publish_snowflake",
        "build_training_set",
    }
    for t in ("ingest_files", "quality_gate", "score", "train_models", "decide_retraining"):
        assert tasks[t].retries == builders.JOB_POLICY[tasks[t].job]["retries"], t


def test_maintenance_backfill_and_stream_graphs(dagbag):
    maintenance = dagbag.get_dag("mljobs_maintenance")
    assert [t.job for t in maintenance.tasks] == ["maintain-tables"]
    assert maintenance.timetable.summary in ("@weekly", "0 0 * * 0")

    backfill = dagbag.get_dag("mljobs_backfill")
    assert backfill.schedule is None or backfill.timetable.summary in ("None", None)
    assert backfill.max_active_tasks == builders.BACKFILL_PARALLEL_DATES
    assert set(backfill.params.keys()) == {"from", "to"}
    assert edges(backfill) == {
        ("dates", "one_date.quality_gate"),
        ("dates", "one_date.build_features"),
        ("dates", "one_date.detect_drift"),
        ("one_date.quality_gate", "one_date.build_features"),
        ("one_date.build_features", "one_date.detect_drift"),
    }
    # the backfill records drift without branching on it
    assert backfill.task_dict["one_date.detect_drift"].job_args == []

    stream = dagbag.get_dag("mljobs_stream")
    assert stream.timetable.summary != "@continuous"
    assert [t.job_args for t in stream.tasks] == [["--trigger", "available-now"]]


def test_backfill_dates_bounds():
    from airflow.exceptions import AirflowFailException

    assert builders.backfill_dates("2026-11-30", "2026-12-02") == [
        "2026-11-30",
        "2026-12-01",
        "2026-12-02",
    ]
    with pytest.raises(AirflowFailException, match="before 'from'"):
        builders.backfill_dates("2026-11-03", "2026-11-01")
    with pytest.raises(AirflowFailException, match="YYYY-MM-DD"):
        builders.backfill_dates("2026-13-01", "2026-11-01")


def _plan(**changes) -> Plan:
    doc = json.loads((DAGS / "pipelines/demo.json").read_text())
    doc.update(changes)
    return Plan.from_json(doc)


def test_dag_follows_the_config_lists():
    """A pipeline without JDBC, Kafka, drift, publications or ML stages gets no such tasks."""
    plan = _plan(
        sources={"files": ["pos_transactions"], "jdbc": [], "kafka": []},
        drift_datasets=[],
        publications=[],
        feature_sets=[],
        feature_gate_datasets=[],
        feature_drift_datasets=[],
        training_sets=[],
        models=[],
        scored_models=[],
        dag_prefix="other",
    )
    daily = builders.build_daily(plan)
    assert daily.dag_id == "other_daily"
    assert edges(daily) == {("ingest_files", "new_input"), ("new_input", "quality_gate")}
    assert builders.build_stream(plan) is None
    backfill = builders.build_backfill(plan)
    assert "one_date.build_features" not in backfill.task_dict


def test_plan_without_ml_stages_branches_on_drift_as_before():
    """No feature sets, models or scoring: detect_drift's exit 4 drives the (recording) branch."""
    plan = _plan(
        feature_sets=[],
        feature_gate_datasets=[],
        feature_drift_datasets=[],
        training_sets=[],
        models=[],
        scored_models=[],
        dag_prefix="plain",
    )
    daily = builders.build_daily(plan)
    assert {e for e in edges(daily) if not e[0].startswith("ingest_")} == {
        ("new_input", "quality_gate"),
        ("quality_gate", "detect_drift"),
        ("detect_drift", "retraining_decision"),
        ("retraining_decision", "publish_snowflake"),
    }
    assert daily.task_dict["detect_drift"].trigger_rule == TriggerRule.ALL_SUCCESS


def test_features_without_models_and_models_without_training():
    """Feature sets alone give the feature tasks; scored models without training sets branch to
    publishing only (nothing to retrain with)."""
    features_only = builders.build_daily(
        _plan(training_sets=[], models=[], scored_models=[], dag_prefix="feat")
    )
    assert {"build_features", "features_gate", "features_drift"} <= set(features_only.task_dict)
    assert not {"score", "decide_retraining", "build_training_set"} & set(features_only.task_dict)
    assert ("features_drift", "detect_drift") in edges(features_only)

    no_training = builders.build_daily(_plan(training_sets=[], dag_prefix="notrain"))
    assert {"score", "evaluate_model", "decide_retraining"} <= set(no_training.task_dict)
    assert not set(builders.RETRAIN_TASK_IDS) & set(no_training.task_dict)
    assert no_training.task_dict["retraining_decision"].downstream_task_ids == {
        "publish_snowflake"
    }


def test_plan_from_config_lists_the_ml_stages():
    """Feature sets, the datasets reading their tables, training sets, models, scored models, as
    the jobs select them."""
    from mljobs_airflow.plan import plan_from_config

    config = {
        "mljobs": {
            "pipeline": "p",
            "sources": {},
            "datasets": {
                "events": {"table": "bronze.events"},
                "activity": {"table": "features.activity"},
                "other_feat": {"table": "features.custom"},
            },
            "feature-sets": {"activity": {}, "custom": {"table": "features.custom"}, "x": {}},
            "training-sets": {"t1": {}, "t2": {}},
            "models": {"m1": {}, "m2": {}},
            "scoring": {"m1": {}},
            "jobs": {
                "build-features": {"feature-sets": ["activity", "custom"]},
                "train-models": {"models": ["m2"]},
                "detect-drift": {
                    "datasets": {
                        "activity": {"table": "features.activity"},
                        "events": {"table": "silver.events"},
                    }
                },
            },
        }
    }
    doc = plan_from_config(config)
    assert doc["feature_sets"] == ["activity", "custom"]
    assert doc["feature_gate_datasets"] == ["activity", "other_feat"]
    assert doc["feature_drift_datasets"] == ["activity"]
    assert doc["training_sets"] == ["t1", "t2"]
    assert doc["models"] == ["m2"]
    assert doc["scored_models"] == ["m1"]
    plan = Plan.from_json(doc)
    assert plan.retrains and plan.scored_models == ("m1",)
    bare = plan_from_config({"mljobs": {"sources": {}}})
    assert [bare[k] for k in ("feature_sets", "training_sets", "models", "scored_models")] == [
        [],
        [],
        [],
        [],
    ]


def test_continuous_stream_is_kept_running_and_not_drained_daily():
    plan = _plan(stream={"trigger": "continuous", "interval": "45s"}, dag_prefix="cont")
    stream = builders.build_stream(plan)
    assert stream.timetable.summary == "@continuous"
    (task,) = stream.tasks
    assert task.job_args == ["--trigger", "continuous", "--interval", "45s"]
    assert task.execution_timeout is None
    assert "ingest_stream" not in builders.build_daily(plan).task_dict


def test_plans_load_from_files_only():
    (plan,) = load_plans()
    assert plan.pipeline == "demo"
    assert plan.sources_of(plan.datasets) == ["pos_transactions", "web_transactions"]
    assert builders.JOB_POLICY["check-quality"]["timeout"] == timedelta(hours=1)
