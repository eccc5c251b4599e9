#!/usr/bin/env bash
# tls-bench.sh - SipGuard's CPU per call over TLS against TCP at the same rate, and TLS handshakes per second.
#
# Usage: ./tls-bench.sh [--rate N] [--duration S] [--sipp-cpus LIST] [--proxy-cpus LIST]
#
# Debian's SIPp has no TLS, so the TLS rounds put stunnel (client mode, on the SIPp cores) between SIPp's
# TCP leg and SipGuard's tls:// listener; only SipGuard's own CPU is measured (run-load.sh --pid), so the
# TLS figure is SipGuard's cost of TLS records on one long-lived connection. Rounds run TCP, TLS, TLS, TCP
# against one SipGuard process. Handshakes: `openssl s_time -new` opens a new TLS connection each time
# for 10 s (full handshakes, no resumption); SipGuard's CPU during it is divided by their number.
# Loopback only; needs stunnel4 and openssl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rate=300 duration=20 sipp_cpus=0 proxy_cpus=1 port=5080 tls_port=5081 tunnel_port=5071
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) rate=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --sipp-cpus) sipp_cpus=$2; shift 2 ;;
    --proxy-cpus) proxy_cpus=$2; shift 2 ;;
    *) echo "tls-bench.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
command -v stunnel >/dev/null || { echo "tls-bench.sh: stunnel missing (apt-get install stunnel4)" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/sipguard-tls-bench.XXXXXX")"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

TLS_PORT=$tls_port TLS_CERT="$work/cert.pem" TLS_KEY="$work/key.pem" PORT=$port \
  taskset -c "$proxy_cpus" "$here/sipguard-bench.sh" > "$work/sipguard.log" 2>&1 &
pid=$!
cat > "$work/stunnel.conf" <<CONF
foreground = yes
pid =
[sip]
client = yes
accept = 127.0.0.1:$tunnel_port
connect = 127.0.0.1:$tls_port
CONF
taskset -c "$sipp_cpus" stunnel "$work/stunnel.conf" > "$work/stunnel.log" 2>&1 &
tunnel=$!
trap 'kill $pid $tunnel 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q "Listening on tls" "$work/sipguard.log" && break; sleep 0.5; done
grep -q "Listening on tls" "$work/sipguard.log" || { echo "tls-bench.sh: SipGuard did not start (see $work/sipguard.log)" >&2; exit 1; }

printf '| round | transport | CPU-s per 1000 calls | p99 INVITE→final (ms) | completed | wrong | failed |\n|---|---|---:|---:|---:|---:|---:|\n'
round=0
for leg in tcp tls tls tcp; do
  round=$(( round + 1 ))
  target=127.0.0.1:$port; [[ $leg == tls ]] && target=127.0.0.1:$tunnel_port
  result=$("$here/run-load.sh" --pid $pid --sipp-cpus "$sipp_cpus" --transport t1 "$target" "$rate" "${duration}s" | grep '^RESULT' || true)
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
  printf '| %d | %s | %s | %s | %s | %s | %s |\n' $round "$leg" "$(field target_cpu_s_per_1k)" "$(field p99_ms)" "$(field ok)" "$(field wrong)" "$(field failed)"
done

ticks() { awk '{ print $14 + $15 }' /proc/$pid/stat; }
before=$(ticks)
out=$(taskset -c "$sipp_cpus" openssl s_time -connect 127.0.0.1:$tls_port -new -time 10 2>&1 | grep -m1 'connections in' || true)
after=$(ticks)
connections=$(awk '{ print $1 }' <<<"$out")
hz=$(getconf CLK_TCK)
awk -v n="${connections:-0}" -v t=$(( after - before )) -v hz="$hz" 'BEGIN {
  printf "\nHandshakes: %d full TLS handshakes in 10 s (%.0f/s, client-bound: openssl on the SIPp cores); SipGuard CPU %.2f s, %.0f µs per handshake\n", n, n / 10, t / hz, n ? t / hz / n * 1e6 : 0 }'
