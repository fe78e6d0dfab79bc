#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, from Debian's packages (slurm-wlm, munge), for trying
# `tripletlab sweep --executor slurm` and for CI (SlurmSweepIT-style tests need a live cluster).
#
#   scripts/slurm-local.sh up      install slurm-wlm and munge with apt when missing, start munged, slurmctld
#                                  and slurmd, wait until the node takes jobs (idempotent: what runs is kept)
#   scripts/slurm-local.sh down    cancel every job, then stop the daemons this script started (by their pids)
#   scripts/slurm-local.sh status  what runs, and sinfo
#
# Why it is written this way (each seen on a Debian 12 container):
# - there is no systemd, so the daemons are started directly, each writing a pid file into the state folder;
# - munged refuses to run as root ("Logfile is insecure"), so it runs as the munge user, and /run/munge (its
#   socket folder, normally made by systemd) is created here;
# - the host name is not `localhost` and need not resolve, so the node is `NodeName=localhost` and slurmd is
#   started with `-N localhost`;
# - a job still running when slurmd stops is left running, orphaned: `down` cancels the jobs first and waits.
# Only daemons this script started are stopped: their pids are in $STATE/*.pid, checked against the process name
# before any signal. A munged that ran before `up` is used and left alone.
#
# The config is written to /etc/slurm/slurm.conf (where sbatch, squeue and scancel look without SLURM_CONF),
# but only when there is none or it is this script's (first line below); another cluster's config is never
# touched. Needs root (slurmd starts job steps as the submitting user).
set -euo pipefail

STATE="${TRIPLETLAB_SLURM_STATE:-/var/tmp/tripletlab-slurm}"
CONF=/etc/slurm/slurm.conf
MARK="# written by tripletlab scripts/slurm-local.sh"

say() { echo "slurm-local: $*" >&2; }
die() { say "$*"; exit 1; }

# Whether the config is this script's.
ours() { [[ "$(head -n1 "$CONF")" == "$MARK"* ]]; }

# pid from a pid file if that process is alive and is the named program (a recycled pid is not ours).
live_pid() {
  local file="$1" name="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(tr -dc 0-9 <"$file")"
  [[ -n "$pid" && -r "/proc/$pid/comm" ]] || return 1
  [[ "$(cat "/proc/$pid/comm")" == "$name" ]] || return 1
  echo "$pid"
}

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && command -v sbatch >/dev/null; then
    return
  fi
  say "installing slurm-wlm and munge (Debian packages) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
}

write_conf() {
  if [[ -f "$CONF" ]] && ! ours; then
    die "$CONF exists and is not this script's: this machine belongs to another Slurm cluster; use it (or move the file away)"
  fi
  local cpus
  cpus="$(nproc)"
  mkdir -p "$STATE/ctld" "$STATE/d" /etc/slurm
  cat >"$CONF.tmp" <<EOF
$MARK: a one-node cluster for tripletlab's tests
ClusterName=tripletlab-local
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
# no cgroups in a container: processes tracked by parent pid, no task binding
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# cores are the consumable: two 1-CPU tasks share the node
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
NodeName=localhost CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    return  # a munged answers already (ours from an earlier `up`, or the machine's)
  fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  chmod 0755 /run/munge
  [[ -f /etc/munge/munge.key ]] || { /usr/sbin/mungekey --create --keyfile=/etc/munge/munge.key && chown munge:munge /etc/munge/munge.key; }
  rm -f /run/munge/munged.pid
  runuser -u munge -- /usr/sbin/munged
  local i
  for i in $(seq 50); do
    if [[ -s /run/munge/munged.pid ]] && munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
      cp /run/munge/munged.pid "$STATE/munged.pid"
      return
    fi
    sleep 0.1
  done
  die "munged did not start; see /var/log/munge/munged.log"
}

start_daemon() {
  local name="$1"
  shift
  if live_pid "$STATE/$name.pid" "$name" >/dev/null; then
    return
  fi
  rm -f "$STATE/$name.pid"
  "$@"
  local i
  for i in $(seq 100); do
    live_pid "$STATE/$name.pid" "$name" >/dev/null && return
    sleep 0.1
  done
  die "$name did not start; see $STATE/$name.log"
}

wait_for_node() {
  local i state=""
  for i in $(seq 120); do
    state="$(sinfo -h -n localhost -o %T 2>/dev/null | head -n1 || true)"
    case "$state" in
      idle|mixed|allocated) return ;;
      down*|drain*) scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  die "the node did not become idle within 60 s (state '$state'); see $STATE/slurmctld.log and $STATE/slurmd.log"
}

up() {
  [[ "$(id -u)" == 0 ]] || die "needs root (munged runs as munge, slurmd as root); run it with sudo"
  local start=$SECONDS
  install_packages
  mkdir -p "$STATE"
  write_conf
  start_munge
  start_daemon slurmctld /usr/sbin/slurmctld -f "$CONF"
  start_daemon slurmd /usr/sbin/slurmd -f "$CONF" -N localhost
  wait_for_node
  say "up in $((SECONDS - start)) s: $(sinfo -h -o '%P %D node(s) %C CPUs (allocated/idle/other/total) %T' | head -n1)"
}

stop_pid() {
  local file="$1" name="$2" pid i
  pid="$(live_pid "$file" "$name")" || { rm -f "$file"; return 0; }
  kill -TERM "$pid"
  for i in $(seq 100); do
    [[ -d "/proc/$pid" ]] || break
    sleep 0.1
  done
  [[ -d "/proc/$pid" ]] && { say "$name ($pid) did not stop on TERM; sending KILL"; kill -KILL "$pid" || true; }
  rm -f "$file"
  say "stopped $name ($pid)"
}

down() {
  if [[ -f "$CONF" ]] && ours && live_pid "$STATE/slurmctld.pid" slurmctld >/dev/null; then
    local jobs i
    jobs="$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ' || true)"
    if [[ -n "${jobs// /}" ]]; then
      say "cancelling jobs $jobs"
      # shellcheck disable=SC2086
      scancel $jobs || true
      for i in $(seq 100); do
        [[ -z "$(squeue -h -o %A 2>/dev/null || true)" ]] && break
        sleep 0.1
      done
    fi
  fi
  stop_pid "$STATE/slurmd.pid" slurmd
  stop_pid "$STATE/slurmctld.pid" slurmctld
  stop_pid "$STATE/munged.pid" munged
}

status() {
  local name pid
  for name in munged slurmctld slurmd; do
    if pid="$(live_pid "$STATE/$name.pid" "$name")"; then echo "$name: running ($pid, started by this script)"; else echo "$name: not started by this script"; fi
  done
  sinfo 2>/dev/null || echo "sinfo: no cluster answers"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
