#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying and testing `nnft slurm`.
#
#   scripts/slurm-local.sh start    install slurm-wlm and munge if missing (Debian packages, needs root),
#                                   write a one-node configuration, start munged, slurmctld and slurmd,
#                                   and wait until the node is idle
#   scripts/slurm-local.sh stop     stop the daemons this script started (by their pid files)
#   scripts/slurm-local.sh status   say whether the daemons run and show sinfo
#   scripts/slurm-local.sh env      print the `export SLURM_CONF=...` that the Slurm commands need
#
# Everything Slurm writes (configuration, state, spool, logs, pid files) lives in $NNFT_SLURM_DIR
# (default /tmp/nnft-slurm). munged uses the system's key (/etc/munge/munge.key, created if absent)
# and socket; a munged that already answers there is used and left running.
set -euo pipefail

STATE=${NNFT_SLURM_DIR:-/tmp/nnft-slurm}
CONF=$STATE/slurm.conf
export SLURM_CONF=$CONF
NODE=$(hostname -s)
WAIT_S=${NNFT_SLURM_WAIT:-60}

say() { echo "slurm-local: $*" >&2; }
die() { say "error: $*"; exit 1; }

# pid of a live process named by a pid file, or nothing
live_pid() {
  local f=$1 pid
  [ -s "$f" ] || return 1
  pid=$(cat "$f")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

install_packages() {
  local missing=()
  command -v munged >/dev/null 2>&1 || missing+=(munge)
  command -v slurmctld >/dev/null 2>&1 || missing+=(slurmctld)
  command -v slurmd >/dev/null 2>&1 || missing+=(slurmd)
  command -v sbatch >/dev/null 2>&1 || missing+=(slurm-client)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "installing ${missing[*]} needs root (run as root, or install them first)"
  say "installing ${missing[*]} (apt-get)"
  apt-get update -qq
  # The packages' own service start fails without an init system; the daemons are started below.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

write_config() {
  local cpus mem
  cpus=$(nproc)
  mem=$(free -m | awk '/^Mem:/ { print $2 }')
  mkdir -p "$STATE/ctld" "$STATE/spool"
  cat >"$CONF" <<EOF
# One-node Slurm on $NODE, written by scripts/slurm-local.sh
ClusterName=nnft-local
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
KillWait=5
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    return 0 # a munged answers already (ours from an earlier start, or the system's)
  fi
  id munge >/dev/null 2>&1 || die "user munge is missing (the munge package creates it)"
  if [ ! -s /etc/munge/munge.key ]; then
    say "creating /etc/munge/munge.key"
    install -d -o munge -g munge -m 0700 /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=128 status=none
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
  fi
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 "$STATE/munge"
  runuser -u munge -- munged --pid-file="$STATE/munge/munged.pid" --log-file="$STATE/munge/munged.log" \
    || die "munged did not start (see $STATE/munge/munged.log)"
  for _ in $(seq 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "munged does not answer (see $STATE/munge/munged.log)"
}

node_state() {
  sinfo -h -n "$NODE" -o %t 2>/dev/null | head -n1
}

start() {
  install_packages
  mkdir -p "$STATE"
  if live_pid "$STATE/slurmctld.pid" >/dev/null && live_pid "$STATE/slurmd.pid" >/dev/null; then
    say "already running"
  else
    write_config
    start_munge
    live_pid "$STATE/slurmctld.pid" >/dev/null || slurmctld -f "$CONF" || die "slurmctld did not start (see $STATE/slurmctld.log)"
    live_pid "$STATE/slurmd.pid" >/dev/null || slurmd -f "$CONF" || die "slurmd did not start (see $STATE/slurmd.log)"
  fi
  local t0=$SECONDS state=''
  while [ $((SECONDS - t0)) -lt "$WAIT_S" ]; do
    state=$(node_state || true)
    case $state in
      idle | mix | alloc)
        say "node $NODE is $state ($(nproc) CPUs); configuration $CONF"
        return 0
        ;;
    esac
    sleep 0.5
  done
  die "node $NODE is not idle after ${WAIT_S} s (state: ${state:-unknown}; see $STATE/slurmctld.log and $STATE/slurmd.log)"
}

stop_one() {
  local name=$1 file=$2 pid
  pid=$(live_pid "$file") || return 0
  kill "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { say "stopped $name ($pid)"; return 0; }
    sleep 0.1
  done
  say "$name ($pid) did not stop in 10 s; killing it"
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  stop_one slurmd "$STATE/slurmd.pid"
  stop_one slurmctld "$STATE/slurmctld.pid"
  stop_one munged "$STATE/munge/munged.pid"
}

status() {
  local name file pid
  for name in slurmctld slurmd munge/munged; do
    file=$STATE/$name.pid
    if pid=$(live_pid "$file"); then echo "${name#munge/}: running ($pid)"; else echo "${name#munge/}: not running"; fi
  done
  command -v sinfo >/dev/null 2>&1 && sinfo 2>&1 || true
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
