#!/usr/bin/env bash
# idle-cpu.sh - CPU that Kamailio and SipGuard use with no traffic at all, measured in one run.
#
# Starts the reference Kamailio (kamailio/start.sh) and SipGuard (sipguard-bench.sh) on loopback,
# waits SETTLE seconds after each is up (start-up work is not idle work), then reads both
# processes' CPU ticks (user+sys, the whole process tree) over WINDOW seconds, side by side.
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

HZ=$(getconf CLK_TCK)
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
  k0=$(proc_tree_ticks "$KPID"); s0=$(proc_tree_ticks "$SPID")
  sleep "$WINDOW"
  k1=$(proc_tree_ticks "$KPID"); s1=$(proc_tree_ticks "$SPID")
  for who in kamailio sipguard; do
    if [ $who = kamailio ]; then d=$((k1 - k0)); else d=$((s1 - s0)); fi
    awk -v r="$r" -v w="$who" -v d="$d" -v hz="$HZ" -v win="$WINDOW" \
      'BEGIN { printf "%-6s %-9s %12.2f %13.2f%%\n", r, w, d / hz, 100 * d / hz / win }'
  done
done
