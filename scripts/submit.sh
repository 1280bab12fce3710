#!/usr/bin/env bash
# scripts/submit.sh <job> [job arguments]
#
# Submits one mljobs job with spark-submit to any master: local[*], spark://HOST:PORT, yarn or
# k8s://https://HOST:PORT, in client or cluster deploy mode. scripts/mljobs stays the local
# shortcut; this is what a scheduler or an operator on a gateway host runs.
#
#   MLJOBS_MASTER=spark://10.0.0.5:7077 MLJOBS_DEPLOY_MODE=cluster \
#     scripts/submit.sh ingest-files --config conf/pipelines/demo --run-date 2026-11-26
#
# What it adds to spark-submit:
#   - the job jar (MLJOBS_JAR, default jobs/target/mljobs-jobs.jar) and --class io.mljobs.jobs.Main;
#   - --env (MLJOBS_ENV; default `local` on a local master, `cluster` otherwise) unless the job
#     arguments name one, and the env profile's Spark settings (mljobs.spark.conf of the resolved
#     config, read with `describe-config --json`) as --conf, so they apply from the start;
#   - in cluster deploy mode: the Java 17 --add-opens list (the parent pom.xml's spark.add-opens)
#     for the driver, and the config where the driver can read it (MLJOBS_CONFIG_SHIPPING):
#       shared   (default for spark://) --config as an absolute path: put conf/ on storage every
#                node mounts at the same path (NFS, a shared volume);
#       archive  (default for yarn and k8s://) conf/ zipped and shipped with
#                --archives <zip>#mljobs-conf; the job reads --config mljobs-conf/pipelines/<p>
#                from the driver's working directory;
#     and the variables named in MLJOBS_FORWARD_ENV (default: MLJOBS_WAREHOUSE MLJOBS_DEMO_DATA,
#     those set) passed to the driver and executors (spark.driverEnv.* on standalone,
#     spark.yarn.appMasterEnv.* on YARN, spark.kubernetes.driverEnv.* on Kubernetes, and
#     spark.executorEnv.*). Never forward secrets this way: Spark shows --conf values in its UI.
#
# Environment: MLJOBS_MASTER (default local[*]), MLJOBS_DEPLOY_MODE (client), MLJOBS_ENV,
# MLJOBS_JAR, MLJOBS_CONFIG_SHIPPING, MLJOBS_FORWARD_ENV, MLJOBS_DRY_RUN=1 (print the spark-submit
# command instead of running it), MLJOBS_SUBMIT_ARGS (extra spark-submit
# arguments, e.g. "--executor-memory 4g --num-executors 10"), SPARK_HOME (default: the Spark that
# scripts/services/spark-cluster installs). Exit code: the job's (0, 1, 2, 3, 4; see README).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=services/env.sh
. "$root/scripts/services/env.sh"

die() {
  echo "submit.sh: ERROR: $*" >&2
  exit 2
}
[[ $# -ge 1 && "$1" != -* ]] || die "usage: scripts/submit.sh <job> [job arguments]  (jobs: scripts/mljobs list)"

master="${MLJOBS_MASTER:-local[*]}"
deploy_mode="${MLJOBS_DEPLOY_MODE:-client}"
jar="${MLJOBS_JAR:-$root/jobs/target/mljobs-jobs.jar}"
spark_home="${SPARK_HOME:-$MLJOBS_SPARK_HOME}"
submit="$spark_home/bin/spark-submit"
[[ -f "$jar" ]] || die "no job jar at $jar: build it (./mvnw -DskipTests package) or set MLJOBS_JAR"
[[ -x "$submit" ]] || die "no spark-submit at $submit: set SPARK_HOME (or run scripts/services/spark-cluster install)"
case "$deploy_mode" in client | cluster) ;; *) die "MLJOBS_DEPLOY_MODE must be client or cluster, not '$deploy_mode'" ;; esac
case "$master" in
  local*) kind=local ;;
  spark://*) kind=standalone ;;
  yarn) kind=yarn ;;
  k8s://*) kind=k8s ;;
  *) die "unsupported master '$master' (local[*], spark://HOST:PORT, yarn or k8s://https://HOST:PORT)" ;;
esac
[[ $kind == local && $deploy_mode == cluster ]] && die "local masters run in client deploy mode only"

# The job arguments, with --config made absolute (or shipped) and --env defaulted.
job="$1"
shift
args=("$job")
config=""
env_given=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --config)
      [[ $# -ge 2 ]] || die "--config needs a value"
      config="$2"
      shift 2
      ;;
    --config=*)
      config="${1#--config=}"
      shift
      ;;
    --env | --env=*)
      env_given=1
      args+=("$1")
      shift
      ;;
    *)
      args+=("$1")
      shift
      ;;
  esac
done
env_name="${MLJOBS_ENV:-$([[ $kind == local ]] && echo local || echo cluster)}"
[[ -n "$env_given" ]] || args+=(--env "$env_name")

spark_args=(--master "$master" --deploy-mode "$deploy_mode" --class io.mljobs.jobs.Main)
conf_arg=()
if [[ -n "$config" ]]; then
  config_abs="$(cd "$root" && realpath -e "$config" 2>/dev/null)" || die "--config '$config' does not exist"
  # The config root is the folder above the pipeline holding base.conf and env/ (as the jobs find it).
  conf_root="$config_abs"
  while [[ "$conf_root" != / && ! (-f "$conf_root/base.conf" && -d "$conf_root/env") ]]; do
    conf_root="$(dirname "$conf_root")"
  done
  [[ "$conf_root" != / ]] || die "no config root (a folder with base.conf and env/) above '$config'"
  shipping="${MLJOBS_CONFIG_SHIPPING:-$([[ $kind == yarn || $kind == k8s ]] && echo archive || echo shared)}"
  if [[ $deploy_mode == cluster && $shipping == archive ]]; then
    zip_file="$(mktemp -d)/mljobs-conf.zip"
    (cd "$conf_root" && python3 -m zipfile -c "$zip_file" .) >/dev/null
    spark_args+=(--archives "$zip_file#mljobs-conf")
    conf_arg=(--config "mljobs-conf/${config_abs#"$conf_root"/}")
  else
    [[ $shipping == shared || $shipping == archive ]] || die "MLJOBS_CONFIG_SHIPPING must be shared or archive"
    conf_arg=(--config "$config_abs")
  fi
fi

# The env profile's Spark settings (mljobs.spark.conf), resolved by the jobs' own config loader.
if [[ -n "$config" ]]; then
  resolved="$(SPARK_LOCAL_IP=127.0.0.1 "$submit" --master 'local[1]' --driver-memory 512m \
    --conf spark.ui.enabled=false --class io.mljobs.jobs.Main "$jar" \
    describe-config --json --config "$config_abs" --env "$env_name" 2>/dev/null)" ||
    die "the config does not load; run: scripts/mljobs describe-config --config $config --env $env_name"
  while IFS= read -r kv; do
    [[ -n "$kv" ]] && spark_args+=(--conf "$kv")
  done < <(python3 -c 'import json,sys; c=json.load(sys.stdin)["mljobs"].get("spark",{}).get("conf",{}); [print(f"{k}={v}") for k,v in c.items()]' <<<"$resolved")
fi

if [[ $deploy_mode == cluster ]]; then
  # Java 17: the driver JVM is started by the cluster, not by this spark-submit.
  add_opens="$(sed -n 's:.*<spark.add-opens>\(.*\)</spark.add-opens>.*:\1:p' "$root/pom.xml")"
  [[ -n "$add_opens" ]] || die "no spark.add-opens in $root/pom.xml"
  spark_args+=(--driver-java-options "$add_opens")
  case $kind in
    standalone) env_prefix=spark.driverEnv. ;;
    yarn) env_prefix=spark.yarn.appMasterEnv. ;;
    k8s) env_prefix=spark.kubernetes.driverEnv. ;;
  esac
  for name in ${MLJOBS_FORWARD_ENV:-MLJOBS_WAREHOUSE MLJOBS_DEMO_DATA}; do
    if [[ -n "${!name:-}" ]]; then
      spark_args+=(--conf "$env_prefix$name=${!name}" --conf "spark.executorEnv.$name=${!name}")
    fi
  done
  # Standalone: wait for the driver and report its end (spark-submit returns at once otherwise).
  [[ $kind == standalone ]] && spark_args+=(--conf spark.standalone.submit.waitAppCompletion=true)
fi

# shellcheck disable=SC2086
command=("$submit" "${spark_args[@]}" ${MLJOBS_SUBMIT_ARGS:-} "$jar" "${args[@]}" "${conf_arg[@]}")
if [[ "${MLJOBS_DRY_RUN:-0}" == 1 ]]; then
  printf '%q ' "${command[@]}"
  echo
  exit 0
fi
exec "${command[@]}"
