#!/usr/bin/env bash
# GPU check for one GPU machine (<= 8 minutes): on the same generated data,
#   1. a feature build (group-by aggregates) with the RAPIDS Accelerator on and off,
#   2. XGBoost training with device=cuda and device=cpu,
# and prints whether the plan ran on the GPU and the time ratios.
#
# What it needs (it checks each and stops at once, exit 2, naming what is missing):
#   - an NVIDIA GPU (Volta or newer), driver R525+, nvidia-smi on the PATH
#   - a JDK 17 (`java` on the PATH)
#   - a Spark 3.5.7 distribution: SPARK_HOME (default ~/.cache/mljobs/spark-3.5.7, which
#     scripts/services fetches), for bin/spark-shell
#   - the RAPIDS Accelerator 26.04.0 for Scala 2.12 (supports Spark 3.5.0-3.5.8; ~600 MB):
#     MLJOBS_RAPIDS_JAR, default scripts/gpu/jars/rapids-4-spark_2.12-26.04.0.jar, from
#     https://repo1.maven.org/maven2/com/nvidia/rapids-4-spark_2.12/26.04.0/rapids-4-spark_2.12-26.04.0.jar
#   - XGBoost4J-Spark GPU 3.0.4 (same version as the CPU build in the pom; one jar, its core is
#     shaded in): MLJOBS_XGBOOST_GPU_JAR, default scripts/gpu/jars/xgboost4j-spark-gpu_2.12-3.0.4.jar,
#     https://repo1.maven.org/maven2/ml/dmlc/xgboost4j-spark-gpu_2.12/3.0.4/xgboost4j-spark-gpu_2.12-3.0.4.jar
#
# Usage:
#   scripts/gpu/check.sh --fetch     download the two jars into scripts/gpu/jars/ (curl)
#   scripts/gpu/check.sh             run the check (MLJOBS_GPU_CHECK_ROWS, default 20000000 events)
#   scripts/gpu/check.sh --cpu-only  dry run of the script itself without a GPU: RAPIDS off and
#                                    device=cpu only, with the CPU XGBoost jar (MLJOBS_XGBOOST_JAR)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RAPIDS_VERSION=26.04.0
XGBOOST_VERSION=3.0.4
RAPIDS_URL="https://repo1.maven.org/maven2/com/nvidia/rapids-4-spark_2.12/${RAPIDS_VERSION}/rapids-4-spark_2.12-${RAPIDS_VERSION}.jar"
XGBOOST_URL="https://repo1.maven.org/maven2/ml/dmlc/xgboost4j-spark-gpu_2.12/${XGBOOST_VERSION}/xgboost4j-spark-gpu_2.12-${XGBOOST_VERSION}.jar"
RAPIDS_JAR="${MLJOBS_RAPIDS_JAR:-$HERE/jars/rapids-4-spark_2.12-${RAPIDS_VERSION}.jar}"
XGBOOST_GPU_JAR="${MLJOBS_XGBOOST_GPU_JAR:-$HERE/jars/xgboost4j-spark-gpu_2.12-${XGBOOST_VERSION}.jar}"
XGBOOST_CPU_JAR="${MLJOBS_XGBOOST_JAR:-$HOME/.m2/repository/ml/dmlc/xgboost4j-spark_2.12/${XGBOOST_VERSION}/xgboost4j-spark_2.12-${XGBOOST_VERSION}.jar}"
SPARK_HOME="${SPARK_HOME:-${MLJOBS_SPARK_HOME:-$HOME/.cache/mljobs/spark-3.5.7}}"
ROWS="${MLJOBS_GPU_CHECK_ROWS:-20000000}"

mode=gpu
case "${1:-}" in
  --fetch)
    mkdir -p "$(dirname "$RAPIDS_JAR")" "$(dirname "$XGBOOST_GPU_JAR")"
    curl -fL --retry 3 -o "$RAPIDS_JAR" "$RAPIDS_URL"
    curl -fL --retry 3 -o "$XGBOOST_GPU_JAR" "$XGBOOST_URL"
    echo "check.sh: fetched $RAPIDS_JAR and $XGBOOST_GPU_JAR"
    exit 0
    ;;
  --cpu-only) mode=cpu-only; ROWS="${MLJOBS_GPU_CHECK_ROWS:-200000}" ;;
  "") ;;
  *) echo "check.sh: unknown argument '$1' (use --fetch, --cpu-only or nothing)" >&2; exit 2 ;;
esac

missing=()
if [[ "$mode" == gpu ]]; then
  if ! command -v nvidia-smi >/dev/null 2>&1; then
    missing+=("nvidia-smi is not on the PATH: this machine has no NVIDIA driver/GPU (run it on a GPU machine, or --cpu-only to check the script itself)")
  elif ! nvidia-smi -L >/dev/null 2>&1; then
    missing+=("nvidia-smi found no usable GPU: $(nvidia-smi -L 2>&1 | head -1)")
  fi
  [[ -f "$RAPIDS_JAR" ]] || missing+=("the RAPIDS jar is missing: $RAPIDS_JAR (scripts/gpu/check.sh --fetch, or MLJOBS_RAPIDS_JAR=<path>; $RAPIDS_URL)")
  [[ -f "$XGBOOST_GPU_JAR" ]] || missing+=("the XGBoost GPU jar is missing: $XGBOOST_GPU_JAR (scripts/gpu/check.sh --fetch, or MLJOBS_XGBOOST_GPU_JAR=<path>; $XGBOOST_URL)")
else
  [[ -f "$XGBOOST_CPU_JAR" ]] || missing+=("the XGBoost CPU jar is missing: $XGBOOST_CPU_JAR (MLJOBS_XGBOOST_JAR=<path>)")
fi
if ! command -v java >/dev/null 2>&1; then
  missing+=("java is not on the PATH: install a JDK 17")
else
  java_major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  [[ "${java_major:-0}" -ge 17 ]] || missing+=("java is version ${java_major:-unknown}; a JDK 17 is needed")
fi
[[ -x "$SPARK_HOME/bin/spark-shell" ]] || missing+=("no Spark distribution at SPARK_HOME=$SPARK_HOME (bin/spark-shell; Spark 3.5.7)")
if (( ${#missing[@]} > 0 )); then
  echo "check.sh cannot run; missing:" >&2
  for m in "${missing[@]}"; do echo "  - $m" >&2; done
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mljobs-gpu-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
args=(--master "local[*]" --driver-memory "${MLJOBS_GPU_CHECK_MEMORY:-16g}"
  --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1
  --conf spark.sql.shuffle.partitions=16)
if [[ "$mode" == gpu ]]; then
  # The same RAPIDS settings conf/env/gpu.conf gives a cluster, in local mode (one GPU).
  args+=(--jars "$RAPIDS_JAR,$XGBOOST_GPU_JAR"
    --conf spark.plugins=com.nvidia.spark.SQLPlugin
    --conf spark.rapids.memory.pinnedPool.size=2g
    --conf spark.rapids.sql.concurrentGpuTasks=2
    --conf spark.rapids.sql.explain=NOT_ON_GPU)
else
  args+=(--jars "$XGBOOST_CPU_JAR")
fi
echo "check.sh: $mode, $ROWS events, Spark at $SPARK_HOME"
SPARK_LOCAL_IP=127.0.0.1 MLJOBS_CHECK_MODE="$mode" MLJOBS_CHECK_ROWS="$ROWS" MLJOBS_CHECK_DIR="$work" \
  timeout "${MLJOBS_GPU_CHECK_TIMEOUT:-470}" "$SPARK_HOME/bin/spark-shell" "${args[@]}" \
  -i "$HERE/check.scala" < /dev/null 2>"$work/spark.log" | grep '^\[check\]' || {
  cp "$work/spark.log" "${TMPDIR:-/tmp}/mljobs-gpu-check-spark.log"
  echo "check.sh: the Spark run failed; its log: ${TMPDIR:-/tmp}/mljobs-gpu-check-spark.log; the first error:" >&2
  grep -m1 -A8 -E '^(error|[a-zA-Z.]*(Exception|Error))|: error:' "$work/spark.log" >&2 || tail -30 "$work/spark.log" >&2
  exit 1
}
