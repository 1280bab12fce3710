"""An end-to-end world for ``airflow dags test``: a copy of conf/, seeded demo data that arrives
day by day, the real job jar on Spark local mode, PostgreSQL and Kafka of scripts/services/,
and an Airflow home with its own SQLite database.

The copy of conf/ differs from the checkout's in two names only, so the test owns its data in the
shared services: the JDBC table (schema ``airflow_e2e``) and the Kafka topic.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
JAR = REPO / "jobs/target/mljobs-jobs.jar"
# The demo data tools (not in the job jar): KafkaReplay, next to the job jar that brings Kafka.
DEMO_JAR = REPO / "demo/target/mljobs-demo.jar"
PG_SCHEMA = "airflow_e2e"
TOPIC = "mljobs.airflow-e2e.transactions"
ROWS_PER_DAY = 600


def _service_env() -> dict:
    """scripts/services/env.sh's variables (ports, URLs, SPARK_HOME)."""
    out = subprocess.run(
        ["bash", "-c", ". scripts/services/env.sh && env -0"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(kv.split("=", 1) for kv in out.split("\0") if "=" in kv)


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{path} no longer holds {old!r} once; update tests/world.py"
    path.write_text(text.replace(old, new))


@dataclass
class DagRun:
    dag_id: str
    date: str
    returncode: int
    output: str
    seconds: float
    states: dict = field(default_factory=dict)
    tries: dict = field(default_factory=dict)
    xcoms: dict = field(default_factory=dict)


class World:
    def __init__(self, root: Path):
        self.root = root
        self.conf = root / "conf"
        self.all_data = root / "all"
        self.data = root / "data"
        self.warehouse = root / "warehouse"
        self.home = root / "airflow-home"
        self.staged: set[Path] = set()
        self.env = _service_env()

    # ---- setup --------------------------------------------------------------------------------
    def build(self) -> "World":
        assert JAR.is_file(), (
            f"No job jar at {JAR}: build it with ./mvnw -DskipTests package (scripts/test.sh does)"
        )
        # The world's own copy of the jar: a rebuild of the checkout's jar cannot pull it away
        # from under a running job.
        self.jar = self.root / "mljobs-jobs.jar"
        shutil.copy(JAR, self.jar)
        shutil.copytree(REPO / "conf", self.conf)
        sources = self.conf / "pipelines/demo/sources.conf"
        _replace_once(sources, 'table = "public.customers"', f'table = "{PG_SCHEMA}.customers"')
        _replace_once(sources, "topics = [mljobs.demo.transactions]", f'topics = ["{TOPIC}"]')
        self.configure()
        self._generate_demo_data()
        self._load_postgres()
        self._replay_kafka()
        self._snowflake_schema()
        self.home.mkdir()
        migrated = self.airflow("db", "migrate")
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        return self

    def configure(self) -> "World":
        """The environment every airflow command of this world runs with."""
        self.jar = self.root / "mljobs-jobs.jar"
        self.env.update(
            {
                "MLJOBS_CONFIG": str(self.conf),
                "MLJOBS_JAR": str(self.jar),
                "MLJOBS_ENV": "local",
                "MLJOBS_DRIVER_MEMORY": "1g",
                "MLJOBS_SPARK_CONF": json.dumps(
                    {
                        "spark.driver.bindAddress": "127.0.0.1",
                        "spark.driver.host": "127.0.0.1",
                        "spark.ui.showConsoleProgress": "false",
                        "spark.driver.extraJavaOptions": "-Dlog4j2.configurationFile=file:"
                        + str(REPO / "conf/log4j2.properties"),
                    }
                ),
                "AIRFLOW_CONN_MLJOBS_SPARK": json.dumps({"conn_type": "spark", "host": "local[2]"}),
                "MLJOBS_WAREHOUSE": str(self.warehouse),
                "MLJOBS_DEMO_DATA": str(self.data),
                "MLJOBS_SNOWFLAKE_DB": "AIRFLOW_E2E",
                "SPARK_LOCAL_IP": "127.0.0.1",
                "SPARK_HOME": self.env["MLJOBS_SPARK_HOME"],
                "AIRFLOW_HOME": str(self.home),
                "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "airflow-dags/dags"),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
            }
        )
        return self

    def _generate_demo_data(self) -> None:
        subprocess.run(
            [
                str(REPO / "scripts/mljobs"),
                "generate-demo-data",
                "--config",
                str(self.conf / "pipelines/demo"),
                "--run-date",
                "2026-11-07",
                "--set",
                f"mljobs.jobs.generate-demo-data.output={self.all_data}",
                "--set",
                f"mljobs.jobs.generate-demo-data.rows-per-day={ROWS_PER_DAY}",
            ],
            cwd=REPO,
            env={**self.env, "MLJOBS_WAREHOUSE": str(self.root / "generator-warehouse")},
            check=True,
            capture_output=True,
        )

    def _load_postgres(self) -> None:
        csv = self.all_data / "raw/customers/customers.csv"
        sql = f"""
            DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE;
            CREATE SCHEMA {PG_SCHEMA};
            CREATE TABLE {PG_SCHEMA}.customers (customer_id text PRIMARY KEY, name text,
              email text, birth_year int, country text, segment text,
              credit_limit numeric(12,2), created_at timestamptz, updated_at timestamptz NOT NULL);
            \\copy {PG_SCHEMA}.customers FROM '{csv}' WITH (FORMAT csv, HEADER true)
        """
        url = (
            f"postgresql://{self.env['MLJOBS_PG_USER']}:{self.env['MLJOBS_PG_PASSWORD']}"
            f"@127.0.0.1:{self.env['MLJOBS_PG_PORT']}/{self.env['MLJOBS_PG_DB']}"
        )
        done = subprocess.run(
            ["psql", url, "-v", "ON_ERROR_STOP=1", "-q"],
            input=sql,
            text=True,
            capture_output=True,
        )
        assert done.returncode == 0, (
            "Loading customers into PostgreSQL failed (is it running? scripts/services/postgres "
            f"start):\n{done.stderr}"
        )

    def _replay_kafka(self) -> None:
        done = subprocess.run(
            [
                "java",
                "-cp",
                f"{self.jar}:{DEMO_JAR}",
                "io.mljobs.jobs.demo.KafkaReplay",
                "--bootstrap",
                self.env["MLJOBS_KAFKA_BOOTSTRAP"],
                "--topic",
                TOPIC,
                str(self.all_data / "raw/stream"),
            ],
            capture_output=True,
            text=True,
            env=self.env,
        )
        assert done.returncode == 0, (
            "Replaying the demo stream into Kafka failed (is it running? scripts/services/kafka "
            f"start):\n{done.stdout}\n{done.stderr}"
        )

    def _snowflake_schema(self) -> None:
        """The schema the demo's publications write to, in the world's own database."""
        if not self.env.get("MLJOBS_SNOWFLAKE_URL"):
            return
        done = subprocess.run(
            [str(REPO / "scripts/services/snowflake"), "query", "CREATE SCHEMA IF NOT EXISTS DEMO"],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, (
            "Creating the Snowflake schema failed (is it running? scripts/services/snowflake "
            f"start):\n{done.stdout}\n{done.stderr}"
        )

    # ---- days arrive --------------------------------------------------------------------------
    def arrive_until(self, day: str) -> list[Path]:
        """Copies every raw file dated on or before ``day`` (and the undated merchants) that has
        not arrived yet into the sources' folders, as a daily delivery would."""
        arrived = []
        for folder in ("pos", "web", "labels", "merchants"):
            for f in sorted((self.all_data / "raw" / folder).iterdir()):
                stamp = f.stem.rsplit("_", 1)[-1]
                dated = len(stamp) == 10 and stamp[4] == "-"
                if f in self.staged or (dated and stamp > day) or f.suffix == ".csv" and not dated:
                    continue
                target = self.data / "raw" / folder / f.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(f, target)
                self.staged.add(f)
                arrived.append(target)
        return arrived

    # ---- airflow ------------------------------------------------------------------------------
    def airflow(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        binary = Path(sys.executable).parent / "airflow"  # the virtualenv running the tests
        return subprocess.run(
            [str(binary), *args],
            cwd=self.root,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=2400,
        )

    def dags_test(self, dag_id: str, day: str, env: dict | None = None) -> DagRun:
        started = time.monotonic()
        done = self.airflow("dags", "test", dag_id, day, env=env)
        run = DagRun(
            dag_id, day, done.returncode, done.stdout + done.stderr, time.monotonic() - started
        )
        with sqlite3.connect(self.home / "airflow.db") as db:
            run_id = db.execute(
                "SELECT run_id FROM dag_run WHERE dag_id = ? AND logical_date LIKE ? "
                "ORDER BY id DESC LIMIT 1",
                (dag_id, f"{day}%"),
            ).fetchone()
            assert run_id, f"no DAG run of {dag_id} for {day}:\n{run.output[-5000:]}"
            for task_id, state, tries in db.execute(
                "SELECT task_id, state, try_number FROM task_instance "
                "WHERE dag_id = ? AND run_id = ? AND map_index = -1",
                (dag_id, run_id[0]),
            ):
                run.states[task_id] = state
                run.tries[task_id] = tries
            for task_id, key, value in db.execute(
                "SELECT task_id, key, value FROM xcom WHERE dag_id = ? AND run_id = ?",
                (dag_id, run_id[0]),
            ):
                run.xcoms[(task_id, key)] = json.loads(value) if isinstance(value, str) else value
        return run

    # ---- outputs ------------------------------------------------------------------------------
    def manifests(self, job: str, day: str) -> list[dict]:
        folder = self.warehouse / "_manifests" / job / day
        return [json.loads(p.read_text()) for p in sorted(folder.glob("*/*.json"))]

    def delta_partitions(self, table: str, column: str = "_run_date") -> set[str]:
        """Partition values of a Delta table with rows, from its log (adds minus removes)."""
        log = self.warehouse / table.replace(".", "/") / "_delta_log"
        live: dict[str, str] = {}
        for commit in sorted(log.glob("*.json")):
            for line in commit.read_text().splitlines():
                action = json.loads(line)
                if "add" in action:
                    live[action["add"]["path"]] = action["add"]["partitionValues"].get(column)
                if "remove" in action:
                    live.pop(action["remove"]["path"], None)
        return set(live.values())
