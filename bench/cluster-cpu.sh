#!/usr/bin/env bash
# cluster-cpu.sh - SipGuard's CPU per call as a single node and as a cluster node (Redis on loopback).
#
# Usage: ./cluster-cpu.sh [--rate N] [--duration S] [--sipp-cpus LIST] [--proxy-cpus LIST]
#
# Both configurations carry a trunk limit (calls_per_second 100000, never reached) so the clustered node
# shares it every 100 ms as a real one would. Order single, cluster, cluster, single; each start gets an
# unmeasured 10 s warm-up round, then one measured round. Redis (redis-server) is started on
# 127.0.0.1:6390 without persistence and stopped at the end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rate=300 duration=20 sipp_cpus=0 proxy_cpus=1 port=5080
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) rate=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --sipp-cpus) sipp_cpus=$2; shift 2 ;;
    --proxy-cpus) proxy_cpus=$2; shift 2 ;;
    *) echo "cluster-cpu.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
runs="${TMPDIR:-/tmp}/sipguard-bench/cluster-cpu"; mkdir -p "$runs"
taskset -c "$sipp_cpus" redis-server --port 6390 --bind 127.0.0.1 --save "" --appendonly no > "$runs/redis.log" 2>&1 &
redis=$!
trap 'kill $redis 2>/dev/null || true' EXIT
printf '| round | node | CPU-s per 1000 calls | p99 INVITE→final (ms) | completed | wrong | failed |\n|---|---|---:|---:|---:|---:|---:|\n'
round=0
for mode in single cluster cluster single; do
  round=$(( round + 1 ))
  log="$runs/$round-$mode.log"
  cluster=""; [[ $mode == cluster ]] && cluster=127.0.0.1:6390
  CLUSTER=$cluster LIMIT_CPS=100000 PORT=$port taskset -c "$proxy_cpus" "$here/sipguard-bench.sh" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do grep -q "Listening on" "$log" && break; sleep 0.5; done
  "$here/run-load.sh" --pid $pid --sipp-cpus "$sipp_cpus" 127.0.0.1:$port "$rate" 10s > /dev/null 2>&1 || true
  result=$("$here/run-load.sh" --pid $pid --sipp-cpus "$sipp_cpus" 127.0.0.1:$port "$rate" "${duration}s" | grep '^RESULT' || true)
  kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
  printf '| %d | %s | %s | %s | %s | %s | %s |\n' $round "$mode" "$(field target_cpu_s_per_1k)" "$(field p99_ms)" "$(field ok)" "$(field wrong)" "$(field failed)"
done
