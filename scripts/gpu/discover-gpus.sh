#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript and, on standalone,
# spark.worker.resource.gpu.discoveryScript). Prints the host's GPUs in Spark's JSON form:
#   {"name":"gpu","addresses":["0","1"]}
# The addresses are nvidia-smi indices, i.e. CUDA ordinals (what XGBoost's device=cuda:<n> takes).
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "discover-gpus.sh: nvidia-smi not found on $(hostname): this host has no NVIDIA driver." \
    "Run GPU executors only on GPU hosts, or use --env cluster." >&2
  exit 1
fi
if ! indices=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>&1); then
  echo "discover-gpus.sh: nvidia-smi failed on $(hostname): ${indices}" >&2
  exit 1
fi
addresses=$(printf '%s\n' "$indices" | tr -d ' \r' | grep -E '^[0-9]+$' | sed 's/.*/"&"/' | paste -sd, - || true)
if [[ -z "$addresses" ]]; then
  echo "discover-gpus.sh: nvidia-smi lists no GPU on $(hostname)." >&2
  exit 1
fi
printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
