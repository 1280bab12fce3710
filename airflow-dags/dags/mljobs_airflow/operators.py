"""``MljobsJobOperator``: one mljobs job through the Spark provider's ``SparkSubmitOperator``.

What it adds to ``SparkSubmitOperator``:

- the jar, ``--class io.mljobs.jobs.Main``, the config folder, the environment, the connection id
  and the spark-submit binary come from :mod:`mljobs_airflow.settings` at run time;
- the job's arguments: ``<job> --config <conf>/pipelines/<pipeline> --env <env> --run-date <date>``
  where the date is templated (``{{ ds }}`` by default, the DAG run's logical date);
- the exit code decides what Airflow does (see :data:`EXIT_CODES`): a failed quality gate (3) or
  bad config (2) fails the task at once, without retries (``AirflowFailException``); a job failure
  (1) is retried; codes a task accepts (``detect-drift``'s 4) succeed and are passed on; a failure
  whose message says there is nothing to do yet (``score`` with no champion registered) can be
  declared a skip (``skip_on_failure``), logged and passed on as XCom key ``skipped``;
- the job's run manifest: its path (the job prints ``[mljobs] Run manifest: <path>``) is logged as
  ``mljobs manifest: <path>`` and returned as XCom with the exit code, status and summary.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Sequence

from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException

from mljobs_airflow import settings as mljobs_settings

MAIN_CLASS = "io.mljobs.jobs.Main"
MANIFEST_LINE = re.compile(r"\[mljobs\] Run manifest: (\S+)")

#: The jobs' exit codes (README "Running one job") and what each means for the task.
EXIT_CODES = {
    0: "succeeded",
    1: "job failure (retried)",
    2: "bad config or arguments (not retried: fix the config first)",
    3: "quality gate failed (not retried: nothing was promoted)",
    4: "retraining recommended",
}


class _ManifestTrackingHook(SparkSubmitHook):
    """The provider's hook, remembering the manifest line the job prints on its stdout."""

    manifest_path: str | None = None

    def _process_spark_submit_log(self, itr):
        def tee():
            for line in itr:
                found = MANIFEST_LINE.search(line)
                if found:
                    self.manifest_path = found.group(1)
                yield line

        super()._process_spark_submit_log(tee())

    @property
    def exit_code(self) -> int | None:
        process = getattr(self, "_submit_sp", None)
        return None if process is None else process.returncode


def read_manifest(path: str | None) -> dict | None:
    """The manifest document at ``path`` when it is readable from here (local or shared storage)."""
    if not path:
        return None
    local = path[len("file:") :] if path.startswith("file:") else path
    try:
        return json.loads(Path(local).read_text())
    except (OSError, ValueError):
        return None


class MljobsJobOperator(SparkSubmitOperator):
    """Runs one mljobs job with spark-submit; see the module docstring.

    :param job: the job's name (``scripts/mljobs list``)
    :param pipeline: the pipeline folder under ``<config>/pipelines``
    :param job_args: extra job arguments (templated), e.g. ``["--fail-on-drift", "true"]``
    :param run_date: the logical date (templated; default ``{{ ds }}``)
    :param accept_exit_codes: non-zero codes that end the task successfully (passed on in XCom)
    :param skip_unless_env: an environment variable that must be set, or the task is skipped
        (``publish-snowflake`` runs only where ``MLJOBS_SNOWFLAKE_URL`` is configured)
    :param skip_on_failure: the start of a job failure message (exit 1, the manifest's summary)
        that means "nothing to do yet" rather than an error: the task is skipped at once, without
        retries, and the message is pushed as XCom key ``skipped`` (``score`` before the first
        champion is registered: ``"No champion of model"``)
    """

    template_fields: Sequence[str] = (*SparkSubmitOperator.template_fields, "job_args", "run_date")
    ui_color = "#e8f4ea"

    def __init__(
        self,
        *,
        job: str,
        pipeline: str,
        job_args: Sequence[str] = (),
        run_date: str = "{{ ds }}",
        accept_exit_codes: Sequence[int] = (),
        skip_unless_env: str | None = None,
        skip_on_failure: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("name", f"mljobs-{job}")
        super().__init__(java_class=MAIN_CLASS, **kwargs)
        self.job = job
        self.pipeline = pipeline
        self.job_args = list(job_args)
        self.run_date = run_date
        self.accept_exit_codes = tuple(accept_exit_codes)
        self.skip_unless_env = skip_unless_env
        self.skip_on_failure = skip_on_failure

    def _get_hook(self) -> SparkSubmitHook:
        hook = super()._get_hook()
        hook.__class__ = _ManifestTrackingHook  # same state, plus the manifest tracking above
        return hook

    def _apply_settings(self) -> None:
        s = mljobs_settings.resolve()
        if not Path(s.jar).is_file():
            raise AirflowFailException(
                f"mljobs job jar not found at {s.jar}. Build it (./mvnw -DskipTests package in the "
                "checkout) or point the Airflow Variable mljobs_jar (or MLJOBS_JAR) at it."
            )
        pipeline_dir = s.pipeline_dir(self.pipeline)
        self.application = s.jar
        self._conn_id = s.spark_conn_id
        self._spark_binary = s.spark_submit
        self._driver_memory = self._driver_memory or s.driver_memory
        self.conf = {**s.spark_conf, **(self.conf or {})}
        self.application_args = [
            self.job,
            "--config",
            pipeline_dir,
            "--env",
            s.env,
            "--run-date",
            str(self.run_date),
            *[str(a) for a in self.job_args],
        ]

    def execute(self, context) -> dict:
        if self.skip_unless_env and not os.environ.get(self.skip_unless_env):
            raise AirflowSkipException(
                f"{self.job} skipped: {self.skip_unless_env} is not set (not configured here)."
            )
        self._apply_settings()
        self._hook = None
        failure: AirflowException | None = None
        try:
            super().execute(context)
        except AirflowException as e:
            failure = e
        hook = self._hook
        code = getattr(hook, "exit_code", None)
        manifest_path = getattr(hook, "manifest_path", None)
        manifest = read_manifest(manifest_path)
        if manifest is not None and failure is not None:
            code = manifest.get("exitCode", code)  # cluster mode: the driver's own exit code
        if failure is not None and code in (None, 0):
            raise failure
        code = 0 if code is None else int(code)
        self.log.info("mljobs manifest: %s", manifest_path or "(none printed)")
        result = {
            "job": self.job,
            "run_date": str(self.run_date),
            "exit_code": code,
            "meaning": EXIT_CODES.get(code, "unknown exit code"),
            "manifest": manifest_path,
            "status": (manifest or {}).get("status"),
            "summary": (manifest or {}).get("summary"),
            "spark_master": (manifest or {}).get("sparkMaster"),
            "spark_app_id": (manifest or {}).get("sparkAppId"),
        }
        if code == 0 or code in self.accept_exit_codes:
            return result
        where = f" (manifest: {manifest_path})" if manifest_path else ""
        summary = str(result["summary"] or "")
        if code == 1 and self.skip_on_failure and summary.startswith(self.skip_on_failure):
            context["ti"].xcom_push(key="skipped", value=summary)
            raise AirflowSkipException(
                f"{self.job} {self.run_date} skipped, nothing to do yet: {summary}{where}"
            )
        if code == 3:
            raise AirflowFailException(
                f"{self.job} {self.run_date}: the quality gate failed; nothing was promoted and "
                f"nothing downstream runs{where}. Fix the data or the checks, then clear this task."
            )
        if code == 2:
            raise AirflowFailException(
                f"{self.job} {self.run_date}: bad config or arguments (exit 2){where}; see the "
                "ERROR line above. Not retried: fix the config, then clear this task."
            )
        raise AirflowException(
            f"{self.job} {self.run_date} failed with exit code {code} "
            f"({EXIT_CODES.get(code, 'unknown')}){where}."
        )
