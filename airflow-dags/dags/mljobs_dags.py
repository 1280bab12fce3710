"""The mljobs DAGs: mljobs_daily, mljobs_maintenance, mljobs_backfill, mljobs_stream.

Generated from the pipeline plans in pipelines/*.json (scripts/services/airflow export-plan writes
them from the resolved config). Parsing reads those files only: no connection, no Variable, no
Java; where the jar, the config and the Spark connection are is resolved when a task runs
(mljobs_airflow/settings.py).
"""

import sys
from pathlib import Path

# The helper package lives next to this file; the scheduler, dag processor and workers put the
# dags folder on sys.path, a plain DagBag in a test does not.
_here = str(Path(__file__).resolve().parent)
if _here not in sys.path:
    sys.path.insert(0, _here)

from mljobs_airflow.dags import build_all  # noqa: E402
from mljobs_airflow.plan import load_plans  # noqa: E402

for _plan in load_plans():
    for _dag in build_all(_plan):
        globals()[_dag.dag_id] = _dag
