"""Where the jobs run from: the one place for connection id, jar, config folder and environment.

Resolved at task run time only (never while a DAG file is parsed), each key from, in order:
the Airflow Variable ``mljobs_<key>``, the environment variable ``MLJOBS_<KEY>``, the default.

========================  ==========================  =======================================
Variable                  environment                 default
========================  ==========================  =======================================
mljobs_spark_conn_id      MLJOBS_SPARK_CONN_ID        ``mljobs_spark`` (master, deploy mode)
mljobs_jar                MLJOBS_JAR                  ``<checkout>/jobs/target/mljobs-jobs.jar``
mljobs_config             MLJOBS_CONFIG               ``<checkout>/conf`` (holds pipelines/)
mljobs_env                MLJOBS_ENV                  ``local`` (``conf/env/<env>.conf``)
mljobs_spark_submit       MLJOBS_SPARK_SUBMIT         ``$MLJOBS_SPARK_HOME/bin/spark-submit``
mljobs_driver_memory      MLJOBS_DRIVER_MEMORY        ``2g``
mljobs_spark_conf         MLJOBS_SPARK_CONF           ``{}`` (JSON object of --conf settings)
========================  ==========================  =======================================

Secrets (database or Snowflake passwords) are not settings here: the jobs read them from their
own environment or secret files (``password = ${?MLJOBS_PG_PASSWORD}``), which spark-submit
inherits from the Airflow worker.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[3]

DEFAULTS = {
    "spark_conn_id": "mljobs_spark",
    "jar": str(CHECKOUT / "jobs/target/mljobs-jobs.jar"),
    "config": str(CHECKOUT / "conf"),
    "env": "local",
    "spark_submit": "",
    "driver_memory": "2g",
    "spark_conf": "{}",
}


def _variable(key: str):
    """The Airflow Variable ``mljobs_<key>``, or None (also outside a task, e.g. in a unit test)."""
    try:
        from airflow.sdk import Variable

        return Variable.get(f"mljobs_{key}", default=None)
    except Exception:  # no Variable store reachable: fall back to the environment
        return None


def _value(key: str) -> str:
    for candidate in (_variable(key), os.environ.get(f"MLJOBS_{key.upper()}")):
        if candidate not in (None, ""):
            return str(candidate)
    return DEFAULTS[key]


def _spark_submit(given: str) -> str:
    if given:
        return given
    home = os.environ.get("MLJOBS_SPARK_HOME") or os.environ.get("SPARK_HOME")
    if home and Path(home, "bin/spark-submit").exists():
        return str(Path(home, "bin/spark-submit"))
    return shutil.which("spark-submit") or "spark-submit"


@dataclass(frozen=True)
class Settings:
    spark_conn_id: str
    jar: str
    config: str
    env: str
    spark_submit: str
    driver_memory: str
    spark_conf: dict

    def pipeline_dir(self, pipeline: str) -> str:
        return str(Path(self.config) / "pipelines" / pipeline)


def resolve() -> Settings:
    """The settings for a task that is running now (see the module docstring)."""
    raw_conf = _value("spark_conf")
    try:
        spark_conf = json.loads(raw_conf)
    except json.JSONDecodeError as e:
        raise ValueError(
            f"mljobs_spark_conf / MLJOBS_SPARK_CONF is not a JSON object ({e}): {raw_conf!r}"
        ) from e
    return Settings(
        spark_conn_id=_value("spark_conn_id"),
        jar=_value("jar"),
        config=_value("config"),
        env=_value("env"),
        spark_submit=_spark_submit(_value("spark_submit")),
        driver_memory=_value("driver_memory"),
        spark_conf=dict(spark_conf),
    )
