# shellcheck shell=bash
# Connection facts for the local test services started by scripts/services/*.
#
#   . scripts/services/env.sh      # from bash, in a test runner or .ci/run
#
# Every value is `${VAR:-default}`: export your own value BEFORE sourcing to
# override it (derived values such as MLJOBS_PG_URL follow the port you set).
# Sourcing this file only sets variables; it starts nothing and has no side
# effects, so it is safe in an interactive shell.

_mljobs_services_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# ---- where things live ------------------------------------------------------
# Repo root (two levels above this file).
export MLJOBS_REPO_ROOT="${MLJOBS_REPO_ROOT:-$(cd "$_mljobs_services_dir/../.." && pwd)}"
# Run state: data dirs, pid files, logs -> $MLJOBS_RUN_DIR/services/<name>/ (git-ignored).
export MLJOBS_RUN_DIR="${MLJOBS_RUN_DIR:-$MLJOBS_REPO_ROOT/.run}"
# Downloaded tools (Kafka jars, pyspark + fakesnow virtualenvs); survives fresh clones.
export MLJOBS_CACHE="${MLJOBS_CACHE:-${HOME:-/root}/.cache/mljobs}"
# Python used to create the virtualenvs.
export MLJOBS_PYTHON="${MLJOBS_PYTHON:-python3}"

# ---- PostgreSQL (Debian package, private cluster) ---------------------------
export MLJOBS_PG_HOST="127.0.0.1"
export MLJOBS_PG_PORT="${MLJOBS_PG_PORT:-55432}"
export MLJOBS_PG_DB="${MLJOBS_PG_DB:-mljobs}"
export MLJOBS_PG_USER="${MLJOBS_PG_USER:-mljobs}"
export MLJOBS_PG_PASSWORD="${MLJOBS_PG_PASSWORD:-mljobs-local}"
export MLJOBS_PG_URL="${MLJOBS_PG_URL:-jdbc:postgresql://127.0.0.1:${MLJOBS_PG_PORT}/${MLJOBS_PG_DB}}"

# ---- Kafka (single KRaft node, jars from Maven Central) ---------------------
export MLJOBS_KAFKA_VERSION="${MLJOBS_KAFKA_VERSION:-3.9.1}"
export MLJOBS_KAFKA_SCALA_VERSION="${MLJOBS_KAFKA_SCALA_VERSION:-2.13}"
export MLJOBS_KAFKA_PORT="${MLJOBS_KAFKA_PORT:-59092}"
export MLJOBS_KAFKA_CONTROLLER_PORT="${MLJOBS_KAFKA_CONTROLLER_PORT:-59093}"
export MLJOBS_KAFKA_BOOTSTRAP="${MLJOBS_KAFKA_BOOTSTRAP:-127.0.0.1:${MLJOBS_KAFKA_PORT}}"
# Folder whose jars/ holds kafka_2.13 and all its runtime dependencies (classpath 'jars/*').
export MLJOBS_KAFKA_HOME="${MLJOBS_KAFKA_HOME:-$MLJOBS_CACHE/kafka_${MLJOBS_KAFKA_SCALA_VERSION}-${MLJOBS_KAFKA_VERSION}}"

# ---- Spark standalone cluster (pyspark from PyPI) ---------------------------
export MLJOBS_SPARK_VERSION="${MLJOBS_SPARK_VERSION:-3.5.7}"
export MLJOBS_SPARK_MASTER_PORT="${MLJOBS_SPARK_MASTER_PORT:-57077}"
export MLJOBS_SPARK_MASTER_UI_PORT="${MLJOBS_SPARK_MASTER_UI_PORT:-58080}"
export MLJOBS_SPARK_WORKER_UI_PORT="${MLJOBS_SPARK_WORKER_UI_PORT:-58081}"   # worker i uses this + i - 1
export MLJOBS_SPARK_WORKERS="${MLJOBS_SPARK_WORKERS:-1}"
export MLJOBS_SPARK_WORKER_CORES="${MLJOBS_SPARK_WORKER_CORES:-2}"
export MLJOBS_SPARK_WORKER_MEMORY="${MLJOBS_SPARK_WORKER_MEMORY:-2g}"
export MLJOBS_SPARK_MASTER="${MLJOBS_SPARK_MASTER:-spark://127.0.0.1:${MLJOBS_SPARK_MASTER_PORT}}"
export MLJOBS_SPARK_MASTER_UI="${MLJOBS_SPARK_MASTER_UI:-http://127.0.0.1:${MLJOBS_SPARK_MASTER_UI_PORT}}"
export MLJOBS_SPARK_VENV="${MLJOBS_SPARK_VENV:-$MLJOBS_CACHE/venv-pyspark-${MLJOBS_SPARK_VERSION}}"
# A stable symlink to the pyspark package folder (a full SPARK_HOME: bin/, jars/).
export MLJOBS_SPARK_HOME="${MLJOBS_SPARK_HOME:-$MLJOBS_CACHE/spark-${MLJOBS_SPARK_VERSION}}"

# ---- Snowflake stand-in (fakesnow HTTP server) ------------------------------
export MLJOBS_FAKESNOW_VERSION="${MLJOBS_FAKESNOW_VERSION:-0.12.1}"
export MLJOBS_SNOWFLAKE_PORT="${MLJOBS_SNOWFLAKE_PORT:-58765}"
export MLJOBS_SNOWFLAKE_ACCOUNT="${MLJOBS_SNOWFLAKE_ACCOUNT:-fakesnow}"
export MLJOBS_SNOWFLAKE_USER="${MLJOBS_SNOWFLAKE_USER:-fake}"           # fakesnow accepts any user
export MLJOBS_SNOWFLAKE_PASSWORD="${MLJOBS_SNOWFLAKE_PASSWORD:-snow}"   # and any password
export MLJOBS_SNOWFLAKE_DB="${MLJOBS_SNOWFLAKE_DB:-MLJOBS}"
export MLJOBS_SNOWFLAKE_SCHEMA="${MLJOBS_SNOWFLAKE_SCHEMA:-PUBLIC}"
export MLJOBS_SNOWFLAKE_URL="${MLJOBS_SNOWFLAKE_URL:-jdbc:snowflake://127.0.0.1:${MLJOBS_SNOWFLAKE_PORT}/?ssl=off&account=${MLJOBS_SNOWFLAKE_ACCOUNT}&db=${MLJOBS_SNOWFLAKE_DB}&schema=${MLJOBS_SNOWFLAKE_SCHEMA}}"
export MLJOBS_SNOWFLAKE_VENV="${MLJOBS_SNOWFLAKE_VENV:-$MLJOBS_CACHE/venv-fakesnow-${MLJOBS_FAKESNOW_VERSION}}"

# ---- independent Delta reader for tests (delta-rs; scripts/tools/deltalake) ---------------
export MLJOBS_DELTALAKE_VERSION="${MLJOBS_DELTALAKE_VERSION:-1.6.6}"
export MLJOBS_DELTALAKE_VENV="${MLJOBS_DELTALAKE_VENV:-$MLJOBS_CACHE/venv-deltalake-${MLJOBS_DELTALAKE_VERSION}}"

# ---- scikit-learn for golden values and the training benchmark (scripts/tools/sklearn) ------
export MLJOBS_SKLEARN_VERSION="${MLJOBS_SKLEARN_VERSION:-1.7.2}"
export MLJOBS_SKLEARN_VENV="${MLJOBS_SKLEARN_VENV:-$MLJOBS_CACHE/venv-sklearn-${MLJOBS_SKLEARN_VERSION}}"

unset _mljobs_services_dir
