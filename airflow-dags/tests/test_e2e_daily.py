"""``airflow dags test mljobs_daily <date>`` end to end: real Airflow (SQLite, no scheduler), the
real job jar through SparkSubmitOperator on Spark local mode, real PostgreSQL, Kafka and the
Snowflake stand-in of scripts/services/ (scripts/test.sh starts them).

The demo data (seeded; drift injected from 2026-11-05) arrives day by day. Scenarios, in order on
one warehouse: a missing jar; 11-03 (everything passes, no drift; no champion is registered yet,
so score and evaluate_model are skipped, and decide-retraining says no: the retraining tasks are
skipped); 11-05 (drift: decide-retraining exits 4 and the retraining branch runs
build_training_set -> train_models, which fails on its first try: the demo's holdout window has
no labels yet on that day); 11-06 with no new files (the gate and everything after it are
skipped); 11-07 with a bad web row (the gate fails without retries, nothing after it runs).
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from world import REPO, World

from mljobs_airflow.plan import plan_from_config

DAG = "mljobs_daily"
SNOWFLAKE = bool(os.environ.get("MLJOBS_SNOWFLAKE_URL"))
TIMINGS: dict[str, float] = {}
ML_TASKS = ["build_features", "features_gate", "features_drift", "score", "evaluate_model"]
AFTER_GATE = [
    *ML_TASKS,
    "detect_drift",
    "decide_retraining",
    "retraining_decision",
    "build_training_set",
    "train_models",
    "publish_snowflake",
]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    return World(tmp_path_factory.mktemp("airflow-e2e")).build()


def manifest_of(run, task_id) -> dict:
    result = run.xcoms[(task_id, "return_value")]
    assert result["manifest"], f"{task_id} returned no manifest path: {result}"
    return json.loads(open(result["manifest"]).read())


def test_checked_in_plan_matches_the_resolved_config(world):
    resolved = subprocess.run(
        [str(REPO / "scripts/mljobs"), "describe-config", "--json", "--config", "conf/pipelines/demo"],
        cwd=REPO,
        env=world.env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    checked_in = json.loads((REPO / "airflow-dags/dags/pipelines/demo.json").read_text())
    assert plan_from_config(json.loads(resolved)) == checked_in, (
        "airflow-dags/dags/pipelines/demo.json is stale: scripts/services/airflow export-plan demo"
    )


def test_missing_jar_fails_the_first_tasks_clearly_without_retries(world):
    missing = "/nonexistent/mljobs-jobs.jar"
    run = world.dags_test(DAG, "2026-11-01", env={"MLJOBS_JAR": missing})
    for task_id in ("ingest_files", "ingest_jdbc", "ingest_stream"):
        assert run.states[task_id] == "failed", run.states
        assert run.tries[task_id] == 1, run.tries
    assert f"mljobs job jar not found at {missing}" in run.output
    assert run.states.get("quality_gate") in (None, "upstream_failed"), run.states
    assert not (world.warehouse / "_manifests").exists()


def test_daily_run_succeeds_with_manifests_and_outputs(world):
    world.arrive_until("2026-11-03")
    run = world.dags_test(DAG, "2026-11-03")
    TIMINGS["2026-11-03"] = run.seconds
    print(f"airflow dags test {DAG} 2026-11-03: {run.seconds:.0f} s")
    expected = {
        "ingest_files": "success",
        "ingest_jdbc": "success",
        "ingest_stream": "success",
        "new_input": "success",
        "quality_gate": "success",
        "build_features": "success",
        "features_gate": "success",
        "features_drift": "success",
        # a fresh pipeline: no champion registered, so nothing to score or evaluate yet
        "score": "skipped",
        "evaluate_model": "skipped",
        "detect_drift": "success",
        "decide_retraining": "success",
        "retraining_decision": "success",
        "build_training_set": "skipped",
        "train_models": "skipped",
        "publish_snowflake": "success" if SNOWFLAKE else "skipped",
    }
    assert run.states == expected, run.output[-6000:]
    jobs = ["ingest_files", "ingest_jdbc", "ingest_stream", "quality_gate", "detect_drift"]
    jobs += ["build_features", "features_gate", "features_drift", "decide_retraining"]
    for task_id in jobs + (["publish_snowflake"] if SNOWFLAKE else []):
        manifest = manifest_of(run, task_id)
        assert (manifest["runDate"], manifest["status"], manifest["exitCode"]) == (
            "2026-11-03",
            "succeeded",
            0,
        ), task_id
        assert manifest["sparkMaster"] == "local[2]" and manifest["sparkAppId"], task_id
        assert f"mljobs manifest: {run.xcoms[(task_id, 'return_value')]['manifest']}" in run.output
    assert manifest_of(run, "ingest_files")["metrics"]["rows_loaded.pos_transactions"] > 0
    assert "2026-11-03" in world.delta_partitions("silver.pos_transactions", "event_date")
    assert "2026-11-03" in world.delta_partitions("silver.web_transactions")
    assert "2026-11-03" in world.delta_partitions("features.customer_activity", "feature_date")
    # the feature table's gate and drift ran under their own run ids, on the feature dataset only
    assert manifest_of(run, "features_gate")["runId"] == "features-gate-2026-11-03"
    assert manifest_of(run, "features_drift")["runId"] == "features-drift-2026-11-03"
    # score was skipped with the job's own message (its manifest says failed, exit 1), no retry
    skipped = run.xcoms[("score", "skipped")]
    assert skipped.startswith("No champion of model 'fraud'"), skipped
    assert run.tries["score"] == 1
    assert "score 2026-11-03 skipped, nothing to do yet: No champion of model 'fraud'" in run.output
    decision = run.xcoms[("retraining_decision", "decision")]
    assert decision["retraining_recommended"] is False, decision
    assert decision["decided_by"] == "decide_retraining" and decision["retrain_tasks"] == []
    assert decision["no_champion"] == skipped
    assert "no retraining" in decision["reason"], decision


def test_injected_drift_takes_the_retraining_branch(world):
    world.arrive_until("2026-11-05")
    run = world.dags_test(DAG, "2026-11-05")
    TIMINGS["2026-11-05"] = run.seconds
    assert run.states["detect_drift"] == "success", run.output[-6000:]
    drift = run.xcoms[("detect_drift", "return_value")]
    assert drift["exit_code"] == 4, drift
    assert manifest_of(run, "detect_drift")["exitCode"] == 4
    # decide-retraining (drift share of payments and features) recommends retraining: exit 4,
    # accepted, and the branch follows it into the retraining tasks
    assert run.states["decide_retraining"] == "success", run.output[-6000:]
    decided = run.xcoms[("decide_retraining", "return_value")]
    assert decided["exit_code"] == 4, decided
    assert manifest_of(run, "decide_retraining")["exitCode"] == 4
    assert "fraud: retraining recommended" in decided["summary"], decided
    decision = run.xcoms[("retraining_decision", "decision")]
    assert decision["retraining_recommended"] is True, decision
    assert decision["decision_manifest"] == decided["manifest"]
    assert decision["drift_manifest"] == drift["manifest"]
    assert decision["retrain_tasks"] == ["build_training_set", "train_models"]
    assert run.states["build_training_set"] == "success", run.output[-6000:]
    assert manifest_of(run, "build_training_set")["runDate"] == "2026-11-05"
    # train-models ran, once: on these five days the demo's holdout (from 2026-11-05,
    # conf/pipelines/demo/models.conf) has no labels yet (they arrive 1-10 days late), so it
    # fails with the job's own message, at once (train-models is not retried)
    assert run.states["train_models"] == "failed", run.states
    assert run.tries["train_models"] == 1
    (trained,) = world.manifests("train-models", "2026-11-05")
    assert trained["exitCode"] == 1
    assert "The holdout window of model 'fraud' has no labelled rows" in trained["summary"]
    assert "change mljobs.models.fraud.split" in trained["summary"]
    # A failed retraining does not stop publishing.
    assert run.states["publish_snowflake"] == ("success" if SNOWFLAKE else "skipped")
    assert "2026-11-05" in world.delta_partitions("silver.pos_transactions", "event_date")


def test_date_without_new_files_skips_the_gate_and_everything_after(world):
    run = world.dags_test(DAG, "2026-11-06")
    assert run.states["ingest_files"] == "success", run.output[-6000:]
    assert manifest_of(run, "ingest_files")["metrics"]["files"] == 0
    assert run.xcoms.get(("new_input", "return_value"), False) is False
    for task_id in ("quality_gate", *AFTER_GATE):
        assert run.states[task_id] == "skipped", run.states
    assert world.manifests("check-quality", "2026-11-06") == []
    assert "no new input for 2026-11-06" in run.output


def test_failed_gate_stops_the_run_without_retries_and_publishes_nothing(world):
    world.arrive_until("2026-11-07")
    web = world.data / "raw/web/transactions_2026-11-07.jsonl"
    bad = json.loads(web.read_text().splitlines()[0])
    bad.update(transaction_id="t20261107-999999-w", currency="XXX")  # not an allowed currency
    with web.open("a") as f:
        f.write(json.dumps(bad) + "\n")
    run = world.dags_test(DAG, "2026-11-07")
    assert run.states["quality_gate"] == "failed", run.output[-6000:]
    assert run.tries["quality_gate"] == 1  # exit 3: AirflowFailException, no retry
    for task_id in AFTER_GATE:
        assert run.states[task_id] in ("upstream_failed", None), run.states
    (gate,) = world.manifests("check-quality", "2026-11-07")
    assert gate["exitCode"] == 3 and gate["metrics"]["quality.web_transactions.gate"] == "failed"
    assert "the quality gate failed; nothing was promoted" in run.output
    assert "2026-11-07" not in world.delta_partitions("silver.web_transactions")
    assert world.manifests("detect-drift", "2026-11-07") == []
    assert world.manifests("build-features", "2026-11-07") == []
    assert world.manifests("publish-snowflake", "2026-11-07") == []
    print("dags test timings (s): " + json.dumps({k: round(v) for k, v in TIMINGS.items()}))
