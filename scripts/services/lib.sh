# shellcheck shell=bash
# Shared helpers for the local-service scripts in scripts/services/.
# Sourced by each service script (not executed on its own). Provides logging,
# pid-file handling that checks /proc/<pid>/cmdline, port-in-use detection,
# a bounded wait-until-ready loop, background launch, and idempotent installs
# (apt for Debian packages, pip into a virtualenv under $MLJOBS_CACHE).
#
# Tunables (env): MLJOBS_READY_TIMEOUT (seconds to wait for readiness, 120),
# MLJOBS_STOP_TIMEOUT (seconds between TERM and KILL, 60), plus everything in env.sh.

set -euo pipefail

MLJOBS_SERVICES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/services/env.sh
. "$MLJOBS_SERVICES_DIR/env.sh"

MLJOBS_READY_TIMEOUT="${MLJOBS_READY_TIMEOUT:-120}"
MLJOBS_STOP_TIMEOUT="${MLJOBS_STOP_TIMEOUT:-60}"

# ---- logging ----------------------------------------------------------------
# Progress goes to stderr so stdout stays clean for machine-readable output
# (status line, `spark-cluster spark-home`, `spark-cluster url`).
log() { printf '%s [%s] %s\n' "$(date '+%H:%M:%S')" "${SVC_NAME:-services}" "$*" >&2; }
warn() { log "WARNING: $*"; }
die() {
  log "ERROR: $*"
  exit 1
}

# svc_init NAME: sets SVC_NAME, SVC_DIR (run folder), SVC_LOG and creates SVC_DIR.
svc_init() {
  SVC_NAME="$1"
  SVC_DIR="$MLJOBS_RUN_DIR/services/$SVC_NAME"
  SVC_LOG="$SVC_DIR/$SVC_NAME.log"
  mkdir -p "$SVC_DIR"
}

# log_mark: append a separator to the service log so each start is easy to find.
log_mark() { printf '\n===== %s %s (%s) =====\n' "$(date '+%F %T')" "$*" "$SVC_NAME" >>"$SVC_LOG"; }

# fail_start MESSAGE [LOGFILE]: show the last 30 log lines and exit 1.
fail_start() {
  local msg="$1" logf="${2:-$SVC_LOG}"
  local errs
  if [[ -s "$logf" ]]; then
    echo "----- last 30 lines of $logf -----" >&2
    tail -n 30 "$logf" >&2 || true
    echo "-----" >&2
    # the first errors since the last start mark (a shutdown sequence often pushes them out of the tail)
    errs="$(awk '/^===== /{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' "$logf" |
      grep -E '(ERROR|FATAL|Exception|Error:)' | head -n 8 || true)"
    if [[ -n "$errs" ]]; then
      echo "----- first error lines since this start -----" >&2
      echo "$errs" >&2
      echo "-----" >&2
    fi
  fi
  die "$msg. Full log: $logf. Fix the cause (often a port clash, a stale run dir, or not enough memory), then run: $MLJOBS_SERVICES_DIR/$SVC_NAME restart   (to start from empty state: $MLJOBS_SERVICES_DIR/$SVC_NAME stop && rm -rf '$SVC_DIR')"
}

# ---- processes ----------------------------------------------------------------
# proc_cmdline PID: the process's command line with NULs turned into spaces.
proc_cmdline() { { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null; }

# pid_is PID PATTERN...: true when PID is alive and its cmdline contains every PATTERN.
pid_is() {
  local pid="$1" cl p
  shift
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  cl="$(proc_cmdline "$pid")" || return 1
  [[ -n "$cl" ]] || return 1 # zombie or gone
  for p in "$@"; do
    [[ "$cl" == *"$p"* ]] || return 1
  done
  return 0
}

# pidfile_read FILE: print the first number in FILE (nothing when absent).
pidfile_read() { [[ -f "$1" ]] && head -n1 "$1" 2>/dev/null | tr -dc '0-9' || true; }

# pidfile_pid FILE PATTERN...: print the pid from FILE when it is alive and
# still belongs to the service (cmdline matches); otherwise remove the stale
# file and fail.
pidfile_pid() {
  local f="$1" pid
  shift
  pid="$(pidfile_read "$f")"
  if [[ -n "$pid" ]] && pid_is "$pid" "$@"; then
    echo "$pid"
    return 0
  fi
  [[ -f "$f" ]] && rm -f "$f"
  return 1
}

# pid_gone PID: the process has exited (no /proc entry, or a zombie whose files are closed).
pid_gone() {
  local state
  [[ -e "/proc/$1" ]] || return 0
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
  [[ -z "$state" || "$state" == Z || "$state" == X ]]
}

# stop_pid PID DESCRIPTION PATTERN...: TERM the process, wait up to
# MLJOBS_STOP_TIMEOUT seconds, then KILL. Only signals PID itself, and only
# while its cmdline still matches PATTERN(s). Returns once the process is gone.
stop_pid() {
  local pid="$1" desc="$2" i
  shift 2
  pid_is "$pid" "$@" || return 0
  log "stopping $desc (pid $pid, SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < MLJOBS_STOP_TIMEOUT * 4; i++)); do
    pid_gone "$pid" && return 0
    sleep 0.25
  done
  if pid_is "$pid" "$@"; then
    warn "$desc (pid $pid) still running after ${MLJOBS_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  for ((i = 0; i < 40; i++)); do
    pid_gone "$pid" && return 0
    sleep 0.25
  done
  die "could not stop $desc (pid $pid)"
}

# start_bg PIDFILE LOGFILE CMD...: run CMD detached (own session, no stdin,
# output appended to LOGFILE) and record its pid. setsid/nohup exec the command,
# so the recorded pid is the service process itself.
start_bg() {
  local pidfile="$1" logf="$2"
  shift 2
  setsid nohup "$@" >>"$logf" 2>&1 </dev/null &
  echo "$!" >"$pidfile"
}

# ---- the settings a running instance was started with -----------------------
# save_running_conf KEY=VAL...: remember the settings of the instance just started.
save_running_conf() { printf '%s\n' "$@" >"$SVC_DIR/running.conf"; }

# running_conf_diff KEY=VAL...: print "KEY: running=old, now=new" for each setting
# that differs from what the running instance was started with.
running_conf_diff() {
  local kv key val old
  [[ -f "$SVC_DIR/running.conf" ]] || return 0
  for kv in "$@"; do
    key="${kv%%=*}"
    val="${kv#*=}"
    old="$(grep -m1 "^$key=" "$SVC_DIR/running.conf" 2>/dev/null | cut -d= -f2- || true)"
    if [[ -n "$old" && "$old" != "$val" ]]; then
      echo "$key: running=$old, now=$val"
    fi
  done
}

# require_same_conf KEY=VAL...: fail when the running instance uses other settings.
require_same_conf() {
  local diff
  diff="$(running_conf_diff "$@")"
  if [[ -n "$diff" ]]; then
    die "$SVC_NAME is already running with other settings ($(echo "$diff" | paste -sd';' -)). Stop it first ($MLJOBS_SERVICES_DIR/$SVC_NAME stop), then start again, or go back to the old settings"
  fi
}

# ---- ports ------------------------------------------------------------------
# port_listening PORT: something listens on TCP PORT (any local address).
port_listening() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# port_owner PORT: best-effort description of who listens on PORT.
port_owner() {
  local port="$1" out
  command -v ss >/dev/null 2>&1 || return 0
  out="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n1 || true)"
  [[ -n "$out" ]] && echo "$out"
  return 0
}

# require_port_free PORT ENVVAR: fail with a clear message when PORT is taken.
require_port_free() {
  local port="$1" var="$2" owner i
  for ((i = 0; i < 10; i++)); do # a just-stopped process may still be closing its socket
    port_listening "$port" || return 0
    sleep 0.5
  done
  if port_listening "$port"; then
    owner="$(port_owner "$port")"
    die "port $port on 127.0.0.1 is already in use${owner:+ by $owner} (not by this service's recorded process). Stop whatever holds it, or pick another port: export $var=<free port> (then re-source scripts/services/env.sh)"
  fi
}

# reserve_ports PORT...: the default ports lie inside Linux's ephemeral range
# (32768-60999), so any outgoing loopback connection (Spark, JDBC, Kafka clients)
# may briefly take one as its source port and make a later bind fail. As root,
# add them to net.ipv4.ip_local_reserved_ports (kept out of automatic assignment,
# still bindable on purpose; not persistent across reboots). Best effort; set
# MLJOBS_RESERVE_PORTS=0 to skip.
reserve_ports() {
  local f=/proc/sys/net/ipv4/ip_local_reserved_ports cur p r lo hi covered add=()
  [[ "${MLJOBS_RESERVE_PORTS:-1}" != 0 && "$(id -u)" == 0 && -w "$f" ]] || return 0
  cur="$(cat "$f" 2>/dev/null || true)"
  for p in "$@"; do
    covered=0
    for r in ${cur//,/ }; do
      lo="${r%-*}"
      hi="${r#*-}"
      if ((p >= lo && p <= hi)); then
        covered=1
        break
      fi
    done
    ((covered)) || add+=("$p")
  done
  ((${#add[@]})) || return 0
  local IFS=,
  if echo "${cur:+$cur,}${add[*]}" >"$f" 2>/dev/null; then
    log "reserved port(s) ${add[*]} in net.ipv4.ip_local_reserved_ports, system-wide until reboot (keeps them out of the ephemeral range; was '${cur}'; undo: sysctl -w net.ipv4.ip_local_reserved_ports='${cur}'; skip: MLJOBS_RESERVE_PORTS=0)"
  fi
  return 0
}

# wait_ready TIMEOUT CHECK_FN [ALIVE_FN]: poll CHECK_FN once a second until it
# succeeds (0), ALIVE_FN reports the process died (2), or TIMEOUT passes (1).
wait_ready() {
  local timeout="$1" check="$2" alive="${3:-}" start=$SECONDS
  while ((SECONDS - start < timeout)); do
    if "$check" >/dev/null 2>&1; then
      return 0
    fi
    if [[ -n "$alive" ]] && ! "$alive"; then
      return 2
    fi
    sleep 1
  done
  return 1
}

# ---- installs -----------------------------------------------------------------
# as_root CMD...: run as root (directly, or via non-interactive sudo).
as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root to run: $*"
  fi
}

# apt_install PKG...: non-interactive apt-get install; runs `apt-get update`
# only when the first attempt fails.
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  log "installing Debian package(s): $* (apt-get install -y)"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2; then
    log "apt-get install failed; running apt-get update and retrying"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
  fi
}

# with_lock NAME CMD...: run CMD holding an exclusive lock in $MLJOBS_CACHE, so
# two scripts never install the same tool at once. The lock fd is closed again
# before returning, so no daemon inherits it.
with_lock() {
  local name="$1"
  shift
  mkdir -p "$MLJOBS_CACHE"
  (
    exec 9>"$MLJOBS_CACHE/.lock-$name"
    if command -v flock >/dev/null 2>&1; then
      flock -w 1800 9 || die "timed out waiting for the install lock $MLJOBS_CACHE/.lock-$name"
    fi
    "$@"
  )
}

# python_for_venv: the interpreter used to create virtualenvs (needs the venv module).
python_for_venv() {
  local py
  py="$(command -v "$MLJOBS_PYTHON" || true)"
  [[ -n "$py" ]] || die "no '$MLJOBS_PYTHON' on PATH; install python3 (apt-get install python3 python3-venv) or set MLJOBS_PYTHON"
  if ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_install python3-venv
  fi
  echo "$py"
}

# ensure_venv DIR PIP_SPEC...: create DIR as a virtualenv holding exactly the
# pinned PIP_SPECs. Idempotent: a marker file records what was installed; a
# missing or different marker (interrupted or changed install) reinstalls.
ensure_venv() {
  local dir="$1"
  shift
  local want="$*"
  if [[ -f "$dir/.mljobs-installed" && "$(cat "$dir/.mljobs-installed")" == "$want" ]] &&
    "$dir/bin/python" -c 'import sys' >/dev/null 2>&1; then
    return 0
  fi
  with_lock "$(basename "$dir")" _ensure_venv_locked "$dir" "$@"
}
_ensure_venv_locked() {
  local dir="$1"
  shift
  local want="$*" py t0=$SECONDS
  if [[ -f "$dir/.mljobs-installed" && "$(cat "$dir/.mljobs-installed")" == "$want" ]] &&
    "$dir/bin/python" -c 'import sys' >/dev/null 2>&1; then
    return 0 # another process finished the install while we waited
  fi
  py="$(python_for_venv)"
  log "installing into virtualenv $dir: pip install $want (first time only; may take a few minutes)"
  rm -rf "$dir"
  "$py" -m venv "$dir" >&2
  "$dir/bin/python" -m pip install -q --disable-pip-version-check "$@" >&2 ||
    die "pip install into $dir failed (see above); PyPI must be reachable. Rerun the same command to retry."
  printf '%s' "$want" >"$dir/.mljobs-installed"
  log "virtualenv ready in $((SECONDS - t0))s: $dir"
}

# java_bin: the java launcher (JAVA_HOME when set).
java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    die "no java found; install a JDK 17 (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
  fi
}

# usage_and_exit NAME EXTRA: common usage message.
usage_and_exit() {
  echo "usage: $1 {start|stop|restart|status${2:+|$2}}" >&2
  exit 2
}
