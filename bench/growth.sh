#!/usr/bin/env bash
# growth.sh - SipGuard's CPU per call and p99 as the work grows: trunks, list entries, receive threads.
#
# Usage: ./growth.sh [--rate N] [--duration S] [--sipp-cpus LIST] [--proxy-cpus LIST] [CASE...]
#   CASE  trunks=N | entries=N | threads=N   (default: trunks=1 trunks=100 trunks=10000
#         entries=0 entries=1000000 entries=10000000 threads=1 threads=2 threads=4)
#
# Each case starts SipGuard through sipguard-bench.sh (the bench policy, plus EXTRA_TRUNKS more trunks or
# an EXTRA_LIST_ENTRIES-entry list that the bench's traffic never matches), runs two run-load.sh rounds at
# the fixed rate (the first is SipGuard's first seconds under load, the second warm), prints one table row
# with both, and stops SipGuard. "threads" sets DOTNET_PROCESSOR_COUNT, which is
# what SipGuard sizes its UDP receive loops by (one per core). Loopback only, bounded like run-load.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rate=300 duration=20 sipp_cpus=0 proxy_cpus=1 port=5080
cases=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) rate=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --sipp-cpus) sipp_cpus=$2; shift 2 ;;
    --proxy-cpus) proxy_cpus=$2; shift 2 ;;
    trunks=*|entries=*|threads=*) cases+=("$1"); shift ;;
    *) echo "growth.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ ${#cases[@]} -gt 0 ]] || cases=(trunks=1 trunks=100 trunks=10000 entries=0 entries=1000000 entries=10000000 threads=1 threads=2 threads=4)
runs="${TMPDIR:-/tmp}/sipguard-bench/growth"
mkdir -p "$runs"

printf '| case | CPU-s per 1000 calls, first round / warm round | p99 INVITE→final (ms), first / warm | calls completed (warm) | wrong | failed | RSS after (MB) |\n|---|---:|---:|---:|---:|---:|---:|\n'
for c in "${cases[@]}"; do
  key=${c%%=*} value=${c#*=}
  env_args=()
  case "$key" in
    trunks) env_args+=("EXTRA_TRUNKS=$(( value - 1 ))") ;;
    entries) env_args+=("EXTRA_LIST_ENTRIES=$value") ;;
    threads) env_args+=("DOTNET_PROCESSOR_COUNT=$value") ;;
  esac
  log="$runs/$c.log"
  env "${env_args[@]}" PORT=$port taskset -c "$proxy_cpus" "$here/sipguard-bench.sh" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do grep -q "Listening on" "$log" && break; kill -0 $pid 2>/dev/null || break; sleep 0.5; done
  grep -q "Listening on" "$log" || { echo "growth.sh: SipGuard did not start for $c (see $log)" >&2; kill $pid 2>/dev/null || true; exit 1; }
  first=$("$here/run-load.sh" --pid $pid --sipp-cpus "$sipp_cpus" 127.0.0.1:$port "$rate" "${duration}s" | grep '^RESULT' || true)
  result=$("$here/run-load.sh" --pid $pid --sipp-cpus "$sipp_cpus" 127.0.0.1:$port "$rate" "${duration}s" | grep '^RESULT' || true)
  rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' /proc/$pid/status 2>/dev/null || echo "?")
  kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"${2:-$result}"; }
  printf '| %s | %s / %s | %s / %s | %s | %s | %s | %s |\n' "$c" "$(field target_cpu_s_per_1k "$first")" "$(field target_cpu_s_per_1k)" \
    "$(field p99_ms "$first")" "$(field p99_ms)" "$(field ok)" "$(( $(field wrong "$first") + $(field wrong) ))" "$(( $(field failed "$first") + $(field failed) ))" "$rss"
done
