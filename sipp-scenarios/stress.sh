#!/usr/bin/env bash
# stress.sh - a fixed-rate call mix through SipGuard, with SIPp's own figures.
#
# Usage: sipp-scenarios/stress.sh [options] RATE SECONDS [MIX]
#   RATE      calls per second (sipp -r)
#   SECONDS   how long to place calls; RATE x SECONDS calls in all (sipp -m)
#   MIX       class shares "allowed=80,spoofed=10,withheld=5,blacklisted=5"
#             (the default; see stress/gen-mix.sh), or an injection CSV file
# Options:
#   --no-proxy        no SipGuard: the caller goes straight to a mirror callee
#                     (stress/callee-mirror.xml) that answers each call with its
#                     expected verdict; checks the harness, not SipGuard
#   --external        SipGuard is already running on 127.0.0.1:5062 (with
#                     config/); do not start one (a callee is still started)
#   --hold MS         talk time of answered calls (sipp -d, default 500)
#   --transport udp|tcp   (default udp; tcp uses trunk acme-line-tcp, 127.0.0.12)
#   --keep            keep the run directory
# Environment: SIPGUARD_DLL, SIPGUARD_BUILD as for run.sh; SIPP_PRELOAD=path.so
#   is preloaded into the caller (e.g. a shim mapping CLOCK_MONOTONIC_COARSE to
#   CLOCK_MONOTONIC: SIPp 3.6 otherwise measures in ~4 ms steps on this kernel).
#
# Prints: calls attempted, completed (2xx), rejected by code, wrong verdicts,
# failed, and INVITE->final / BYE->200 response times (p50, p99, max) as SIPp
# measures them (-trace_rtt), plus a RESULT line for scripts. Exits 1 when a
# call failed or got a wrong verdict. Bounded: sipp -timeout SECONDS + 30.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SCEN="$HERE/scenarios"
PROXY_HOST=127.0.0.1 PROXY_PORT=5062
UDP_CALLEE_PORT=5082 TCP_CALLEE_PORT=5083
READY_TIMEOUT=${READY_TIMEOUT:-30}
DLL=${SIPGUARD_DLL:-$REPO/src/SipGuard/bin/Release/net10.0/sipguard.dll}
SERVICE=4008001234

MODE=proxy HOLD=500 TR=udp KEEP=0
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-proxy) MODE=direct; shift ;;
    --external) MODE=external; shift ;;
    --hold) HOLD=$2; shift 2 ;;
    --transport) TR=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) awk 'NR > 1 { if (/^#/) { sub(/^# ?/, ""); print } else exit }' "$0"; exit 0 ;;
    -*) echo "stress.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
die() { echo "stress.sh: $*" >&2; exit 2; }
[ ${#ARGS[@]} -ge 2 ] && [ ${#ARGS[@]} -le 3 ] || die "usage: stress.sh [options] RATE SECONDS [MIX] (see --help)"
RATE=${ARGS[0]} SECS=${ARGS[1]} MIX=${ARGS[2]:-allowed=80,spoofed=10,withheld=5,blacklisted=5}
case "$RATE$SECS$HOLD" in *[!0-9]*|'') die "RATE, SECONDS and --hold must be positive integers" ;; esac
[ "$RATE" -gt 0 ] && [ "$SECS" -gt 0 ] || die "RATE and SECONDS must be > 0"
case "$TR" in udp) T=u1 IP=127.0.0.2 PORT=$UDP_CALLEE_PORT ;; tcp) T=t1 IP=127.0.0.12 PORT=$TCP_CALLEE_PORT ;; *) die "--transport udp|tcp" ;; esac
command -v sipp >/dev/null || die "sipp is not installed"

START=$SECONDS
RUN=$(mktemp -d "${TMPDIR:-/tmp}/sipguard-stress.XXXXXX") || die "cannot create a run directory"
PIDS=() SG_PID=""
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"
cleanup() { local p; for p in "${PIDS[@]}"; do stop_pid "$p"; done; }
trap cleanup EXIT
trap 'echo "stress.sh: interrupted" >&2; exit 130' INT TERM

CALLS=$(( RATE * SECS ))
if [ -f "$MIX" ]; then
  CSV=$MIX
else
  CSV="$RUN/mix.csv"
  echo "call mix $MIX:"
  "$HERE/stress/gen-mix.sh" --mix "$MIX" --calls $(( CALLS < 20000 ? CALLS : 20000 )) --host "$IP" --out "$CSV" 2>&1 | sort \
    || die "could not generate the mix"
  [ -s "$CSV" ] || die "could not generate the mix"
fi

case $MODE in
  proxy) start_sipguard; TARGET="$PROXY_HOST:$PROXY_PORT"; CALLEE="$SCEN/callee-answer.xml" ;;
  external) TARGET="$PROXY_HOST:$PROXY_PORT"; CALLEE="$SCEN/callee-answer.xml" ;;
  direct) TARGET="127.0.0.1:$PORT"; CALLEE="$HERE/stress/callee-mirror.xml" ;;
esac
port_busy "$TR" "$PORT" && die "$TR:$PORT (the callee's port) is already in use"

# the callee answers until we stop it
mkdir -p "$RUN/callee" "$RUN/caller"
(cd "$RUN/callee" && exec sipp -sf "$CALLEE" -i 127.0.0.1 -p "$PORT" -t "$T" -nostdin \
   -timeout $(( SECS + 60 )) -trace_err -error_file "$RUN/callee/errors.log" >"$RUN/callee/out.txt" 2>&1) &
PIDS+=("$!")
for i in $(seq 60); do port_busy "$TR" "$PORT" && break; sleep 0.05; done
port_busy "$TR" "$PORT" || die "the callee did not start, see $RUN/callee/out.txt"

RTT_FREQ=$(( RATE / 10 )); [ $RTT_FREQ -ge 1 ] || RTT_FREQ=1
echo "placing $CALLS calls at $RATE/s for ${SECS}s from $IP ($TR) to $TARGET, hold ${HOLD} ms ..."
(
  cd "$RUN/caller" || exit 99
  [ -n "${SIPP_PRELOAD:-}" ] && export LD_PRELOAD="$SIPP_PRELOAD"
  exec sipp -sf "$HERE/stress/caller-mix.xml" -inf "$CSV" -i "$IP" -t "$T" -s "$SERVICE" \
    -r "$RATE" -m "$CALLS" -d "$HOLD" -nostdin -timeout $(( SECS + 30 )) \
    -trace_stat -stf "$RUN/caller/stat.csv" -fd 1 -trace_counts -trace_rtt -rtt_freq "$RTT_FREQ" \
    -trace_err -error_file "$RUN/caller/errors.log" "$TARGET" >"$RUN/caller/out.txt" 2>&1
)
SIPP_RC=$?
cleanup

# ---------- figures ----------
STAT="$RUN/caller/stat.csv"
COUNTS=$(ls "$RUN"/caller/*_counts.csv 2>/dev/null | head -1)
RTT=$(ls "$RUN"/caller/*_rtt.csv 2>/dev/null | head -1)
[ -s "$STAT" ] && [ -n "$COUNTS" ] || die "sipp wrote no statistics (exit $SIPP_RC), see $RUN/caller/out.txt"
col() {  # col FILE NAME: that column of the last row of a sipp ';' CSV
  awk -F';' -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { v = $c } END { print v + 0 }' "$1"
}
ATTEMPTED=$(col "$STAT" "OutgoingCall(C)")
FAILED=$(col "$STAT" "FailedCall(C)")
WRONG=$(col "$STAT" "FailedStrcmpDoesntMatch(C)")
# responses received per scenario line: the INVITE's finals are the first
# <index>_<code>_Recv columns for 200/403/433/603/608
read -r C200 C403 C433 C603 C608 < <(awk -F';' '
  NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+_(200|403|433|603|608)_Recv$/) { split($i, p, "_"); if (!(p[2] in col)) col[p[2]] = i } next }
  { for (k in col) v[k] = $col[k] }
  END { print v["200"] + 0, v["403"] + 0, v["433"] + 0, v["603"] + 0, v["608"] + 0 }' "$COUNTS")
pct() {  # pct NAME: "p50 p99 max n" in ms of that rtd, nearest rank
  awk -F';' -v n="$1" '$3 == n { print $2 + 0 }' "${RTT:-/dev/null}" | sort -g | awk '
    { v[NR] = $1 } END {
      if (NR == 0) { print "- - - 0"; exit }
      i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999)
      printf "%.2f %.2f %.2f %d\n", v[i50], v[i99], v[NR], NR }'
}
read -r IP50 IP99 IMAX IN < <(pct inv)
read -r BP50 BP99 BMAX BN < <(pct bye)

echo
printf '%-28s %s\n' "target" "$TARGET ($MODE)" \
  "calls attempted" "$ATTEMPTED of $CALLS" \
  "completed (2xx)" "$C200" \
  "rejected 403" "$C403" "rejected 433" "$C433" "rejected 608" "$C608" "rejected 603" "$C603" \
  "wrong verdict" "$WRONG" \
  "failed (incl. wrong)" "$FAILED" \
  "INVITE->final p50/p99/max" "$IP50 / $IP99 / $IMAX ms ($IN samples)" \
  "BYE->200 p50/p99/max" "$BP50 / $BP99 / $BMAX ms ($BN samples)"
[ -z "${SIPP_PRELOAD:-}" ] && echo "(SIPp 3.6 reads a coarse clock: times are in ~4 ms steps unless SIPP_PRELOAD is set)"
echo "RESULT mode=$MODE rate=$RATE seconds=$SECS attempted=$ATTEMPTED ok=$C200 r403=$C403 r433=$C433 r608=$C608 r603=$C603 wrong=$WRONG failed=$FAILED inv_p50=$IP50 inv_p99=$IP99 bye_p50=$BP50 bye_p99=$BP99 sipp_rc=$SIPP_RC"

if [ "$FAILED" -gt 0 ] || [ "$ATTEMPTED" -lt "$CALLS" ]; then
  echo "run files (stat, counts, rtt, errors) in $RUN"
  exit 1
fi
[ $KEEP = 1 ] && echo "run files in $RUN" || rm -rf "$RUN"
exit 0
