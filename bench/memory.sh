#!/usr/bin/env bash
# memory.sh - SipGuard's memory under load: RSS idle and at N concurrent calls, bytes per in-flight call,
# GC collections and pause time during the run (from the runtime's metrics on the admin address).
#
# Usage: ./memory.sh [--rate N] [--hold-s S] [--sipp-cpus LIST] [--proxy-cpus LIST]
#   Defaults: 500 calls/s held 20 s, so ~10,000 calls are in progress once the first ones end.
# MAX_TRANSACTIONS is raised so the table holds every INVITE and BYE transaction of the run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rate=500 hold=20 sipp_cpus=0 proxy_cpus=1 port=5080 admin_port=9099
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) rate=$2; shift 2 ;;
    --hold-s) hold=$2; shift 2 ;;
    --sipp-cpus) sipp_cpus=$2; shift 2 ;;
    --proxy-cpus) proxy_cpus=$2; shift 2 ;;
    *) echo "memory.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
runs="${TMPDIR:-/tmp}/sipguard-bench/memory"; mkdir -p "$runs"; log="$runs/sipguard.log"
duration=$(( hold + 10 ))
ADMIN="\"http://127.0.0.1:$admin_port\"" MAX_TRANSACTIONS=$(( rate * (duration + hold) * 3 )) PORT=$port \
  taskset -c "$proxy_cpus" "$here/sipguard-bench.sh" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q "Listening on" "$log" && break; sleep 0.5; done
rss() { awk '/VmRSS/ { print $2 }' /proc/$pid/status; }
metric() { curl -s "http://127.0.0.1:$admin_port/metrics" | awk -v m="$1" '$1 ~ "^"m { s += $NF } END { printf "%.6f", s }'; }
sleep 2
idle_kb=$(rss); gc0=$(metric dotnet_gc_collections_total); pause0=$(metric dotnet_gc_pause_time_seconds_total)
"$here/run-load.sh" --pid $pid --sipp-cpus "$sipp_cpus" --hold-ms $(( hold * 1000 )) 127.0.0.1:$port "$rate" "${duration}s" > "$runs/load.txt" 2>&1 &
load=$!
sleep $(( hold + 5 ))   # the first calls have ended: rate x hold calls are in progress
peak_kb=$(rss); active=$(metric sipguard_transactions_active)
wait $load || true
gc1=$(metric dotnet_gc_collections_total); pause1=$(metric dotnet_gc_pause_time_seconds_total)
result=$(grep '^RESULT' "$runs/load.txt" || true)
awk -v i="$idle_kb" -v p="$peak_kb" -v a="$active" -v c=$(( rate * hold )) -v g0="$gc0" -v g1="$gc1" -v p0="$pause0" -v p1="$pause1" -v d="$duration" 'BEGIN {
  printf "| RSS idle | %.1f MB |\n| RSS with ~%d calls in progress (%d transactions in the table) | %.1f MB |\n", i / 1024, c, a, p / 1024
  printf "| RSS growth per call in progress | %.0f B |\n", (p - i) * 1024 / c
  printf "| GC collections during the %d s run | %d |\n| GC pause time during the run | %.1f ms (%.3f %% of the run) |\n", d, g1 - g0, (p1 - p0) * 1000, (p1 - p0) * 100 / d }'
sed -n 's/.* ok=\([0-9]*\) .* wrong=\([0-9]*\) failed=\([0-9]*\) .* p99_ms=\([^ ]*\) .*/| calls completed \/ wrong \/ failed, p99 (ms) | \1 \/ \2 \/ \3, \4 |/p' <<<"$result"
