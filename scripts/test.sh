#!/usr/bin/env bash
# scripts/test.sh [extra ./mvnw arguments]
#
# Runs every mljobs test on a fresh machine: installs and starts the local services the service
# tests need (PostgreSQL, Kafka, a Spark standalone cluster, a Snowflake-protocol server; see
# scripts/services/), installs the headless Chromium the drift report's browser test runs, runs
# unit tests (*Test, surefire) and service tests (*IT, failsafe) with `./mvnw verify` (which also
# checks formatting and the enforcer rules), then the Airflow DAG tests (pytest on
# airflow-dags/tests, real Airflow from scripts/services/airflow), and stops the services it started. Services that were
# already running are left running.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=services/env.sh
. scripts/services/env.sh

services=(postgres kafka spark-cluster snowflake)
started=()
stop_started() {
  local i
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    scripts/services/"${started[$i]}" stop || true
  done
}
trap stop_started EXIT

for service in "${services[@]}"; do
  if scripts/services/"$service" status >/dev/null 2>&1; then
    echo "test.sh: $service already running; leaving it running afterwards"
  else
    scripts/services/"$service" start
    started+=("$service")
  fi
done

# Not a daemon: only installed (DriftReportBrowserIT fails without it).
scripts/services/chromium install >/dev/null
# The independent Delta reader (delta-rs) DeltaRsReaderIT compares Spark's reads with.
scripts/tools/deltalake install
# Airflow for the DAG tests below: installed from airflow-dags/requirements.lock while Maven runs.
scripts/services/airflow install &
airflow_install=$!

./mvnw -B -ntp verify "$@"

# The Airflow DAGs (airflow-dags/): real Airflow 3.1.8, DagBag integrity and task graphs, then
# `airflow dags test mljobs_daily <date>` end to end on Spark local mode with the job jar that
# verify just packaged (and the services started above).
wait "$airflow_install"
scripts/services/airflow python -m pytest -c airflow-dags/pytest.ini airflow-dags/tests
