#!/usr/bin/env bash
# idle-cpu.sh - CPU that Kamailio and SipGuard use with no traffic at all, measured in one run.
#
# Starts the reference Kamailio (kamailio/start.sh) and SipGuard (sipguard-bench.sh) on loopback,
# waits SETTLE seconds after each is up (start-up work is not idle work), then reads both
# process trees' time on a CPU (the scheduler's nanosecond account, not clock ticks: 0.1 % of a core
# over 20 s is only two ticks) over WINDOW seconds, side by side.
# Prints one line per proxy: CPU seconds in the window and the share of one core.
#
# Usage: bench/idle-cpu.sh [--window 20] [--settle 15] [--rounds 3]
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
. "$BENCH_DIR/lib/common.sh"

WINDOW=20 SETTLE=15 ROUNDS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --window) WINDOW=$2; shift 2 ;;
    --settle) SETTLE=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    *) echo "idle-cpu: unknown option $1" >&2; exit 2 ;;
  esac
done

KPORT=5074 SPORT=5084 UPSTREAM=127.0.0.1:5094
KPID=$("$BENCH_DIR/kamailio/start.sh" --port "$KPORT" --upstream "$UPSTREAM" --name idle-kamailio | tail -1)
PORT=$SPORT UPSTREAM=$UPSTREAM "$BENCH_DIR/sipguard-bench.sh" >"$(bench_tmp)/idle-sipguard.log" 2>&1 &
SPID=$!
cleanup() { "$BENCH_DIR/kamailio/stop.sh" --name idle-kamailio >/dev/null 2>&1 || true; kill_tree "$SPID" 5; }
trap cleanup EXIT
sleep "$SETTLE"
kill -0 "$SPID" 2>/dev/null || { echo "idle-cpu: SipGuard did not start; see $(bench_tmp)/idle-sipguard.log" >&2; exit 1; }

printf '%-6s %-9s %12s %14s\n' round proxy "cpu-s" "% of a core"
for ((r = 1; r <= ROUNDS; r++)); do
  snap="$(bench_tmp)/idle-r$r"
  proc_tree_task_ns "$KPID" > "$snap-k0"; proc_tree_task_ns "$SPID" > "$snap-s0"
  sleep "$WINDOW"
  proc_tree_task_ns "$KPID" > "$snap-k1"; proc_tree_task_ns "$SPID" > "$snap-s1"
  for who in kamailio sipguard; do
    if [ $who = kamailio ]; then d=$(task_ns_delta "$snap-k0" "$snap-k1"); else d=$(task_ns_delta "$snap-s0" "$snap-s1"); fi
    awk -v r="$r" -v w="$who" -v d="$d" -v win="$WINDOW" \
      'BEGIN { printf "%-6s %-9s %12.4f %13.3f%%\n", r, w, d / 1e9, 100 * d / 1e9 / win }'
  done
done
