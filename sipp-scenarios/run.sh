#!/usr/bin/env bash
# run.sh - SipGuard's SIPp conformance suite.
#
# Starts SipGuard with a copy of sipp-scenarios/config/ (udp+tcp 127.0.0.1:5062),
# then runs every case of cases.tsv in order: the case's callee on the upstream
# (UDP 127.0.0.1:5082 or TCP 127.0.0.1:5083), then its caller from the trunk's
# own loopback address, and checks the exact final response, the callee's own
# checks, that nothing reached the callee when SipGuard had to answer itself,
# and the evidence log where the case asks for it. Prints a table, stops all it
# started, exits 1 on any failure. Bounded: every sipp has -timeout, the whole
# suite stops after SUITE_TIMEOUT seconds (default 150).
#
# Usage: sipp-scenarios/run.sh [--no-proxy] [--dry-run] [--only REGEX] [--keep]
#   --no-proxy  no SipGuard: callers go straight to the callee (or to
#               SIPGUARD_TARGET); where SipGuard would answer itself (policy
#               rejections, 408, 483, OPTIONS) scenarios/stand-in.xml answers
#               the expected code instead. Validates the scenarios, not SipGuard.
#   --dry-run   check the table, the scenario files and the config, print the
#               sipp command lines; sends nothing.
#   --only RE   run only the cases whose name matches the extended regex RE.
#   --keep      keep the run directory even when everything passed.
# Environment:
#   SIPGUARD_DLL      sipguard.dll to run (default src/SipGuard/bin/Release/net10.0/sipguard.dll)
#   SIPGUARD_BUILD=1  always build first (otherwise only when the dll is missing or
#                     older than a src/**/*.cs)
#   SIPGUARD_TARGET   --no-proxy: send every caller here instead of the callee port
#   SUITE_TIMEOUT     seconds for the whole suite (default 150)
#   READY_TIMEOUT     seconds to wait for SipGuard to answer OPTIONS (default 30)
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
SCEN="$HERE/scenarios"
CASES="$HERE/cases.tsv"

PROXY_HOST=127.0.0.1 PROXY_PORT=5062
UDP_CALLEE_PORT=5082 TCP_CALLEE_PORT=5083
SERVICE=4008001234           # the called number (Request-URI user)
HOLD_MS=100                  # talk time of answered calls (sipp -d)
CALL_TIMEOUT=12              # sipp -timeout of one caller, seconds
CALLEE_GRACE=8               # seconds a callee may take to finish after its caller
# a busy shared machine can stall sipp's loop for > 500 ms; sipp then logs a
# watchdog "error" and may exit non-zero although the call went right
WATCHDOG=(-watchdog_minor_threshold 5000 -watchdog_major_threshold 10000)
SUITE_TIMEOUT=${SUITE_TIMEOUT:-150}
READY_TIMEOUT=${READY_TIMEOUT:-30}
DLL=${SIPGUARD_DLL:-$REPO/src/SipGuard/bin/Release/net10.0/sipguard.dll}

MODE=proxy DRY=0 ONLY="" KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-proxy) MODE=direct; shift ;;
    --dry-run) DRY=1; shift ;;
    --only) ONLY=${2:?--only needs a regex}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) awk 'NR > 1 { if (/^#/) { sub(/^# ?/, ""); print } else exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "run.sh: $*" >&2; exit 2; }
command -v sipp >/dev/null || die "sipp is not installed (apt-get install sip-tester)"
[ -r "$CASES" ] || die "no case table $CASES"

START=$SECONDS
RUN=$(mktemp -d "${TMPDIR:-/tmp}/sipguard-sipp.XXXXXX") || die "cannot create a run directory"
PIDS=()          # every process this script started, stopped on exit by pid
SG_PID=""

cleanup() {
  local p
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
}
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

# ---------- the case table ----------
# fields: name transport caller_ip caller callee expect keys check
declare -a C_NAME C_TR C_IP C_CALLER C_CALLEE C_EXPECT C_KEYS C_CHECK
while IFS=$'\t' read -r -u 3 name tr ip caller callee expect keys check extra; do
  case "$name" in ''|'#'*) continue ;; esac
  [ -n "${check:-}" ] && [ -z "${extra:-}" ] || die "cases.tsv: '$name' must have exactly 8 tab-separated fields"
  [ -z "$ONLY" ] || [[ "$name" =~ $ONLY ]] || continue
  case "$tr" in udp|tcp) ;; *) die "cases.tsv: '$name': transport must be udp or tcp" ;; esac
  [[ "$ip" =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cases.tsv: '$name': caller_ip must be a loopback address"
  [ -r "$SCEN/$caller.xml" ] || die "cases.tsv: '$name': no scenario $caller.xml"
  [ "$callee" = - ] || [ -r "$SCEN/$callee.xml" ] || die "cases.tsv: '$name': no scenario $callee.xml"
  [[ "$expect" =~ ^[1-6][0-9][0-9]$ ]] || die "cases.tsv: '$name': expect must be a status code"
  C_NAME+=("$name") C_TR+=("$tr") C_IP+=("$ip") C_CALLER+=("$caller") C_CALLEE+=("$callee")
  C_EXPECT+=("$expect") C_KEYS+=("$keys") C_CHECK+=("$check")
done 3< "$CASES"
[ ${#C_NAME[@]} -gt 0 ] || die "no case matches '${ONLY}'"

# ---------- helpers ----------
wait_listen() {  # wait_listen udp|tcp PORT PID: up to 3 s for PID to listen on PORT
  local i
  for i in $(seq 60); do
    port_busy "$1" "$2" && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
wait_exit() {    # wait_exit PID SECONDS: exit status, or 124 when it is still running
  local i
  for i in $(seq $(( $2 * 20 ))); do
    kill -0 "$1" 2>/dev/null || { wait "$1"; return $?; }
    sleep 0.05
  done
  return 124
}
first_final() {  # first final response to CSeq 1 INVITE/OPTIONS received in a sipp message trace
  awk '
    / message received / { inmsg = 1; start = 1; code = ""; next }
    / message sent /     { inmsg = 0; next }
    inmsg && start && NF { start = 0; if ($1 == "SIP/2.0" && $2 >= 200) code = $2; next }
    inmsg && code != "" && /^CSeq:[ \t]*1[ \t]+(INVITE|OPTIONS)/ { print code; exit }
  ' "$1" 2>/dev/null
}
# key_args KEYS NAME EXPECT: sipp -key arguments; unset keys get harmless defaults
# (an empty value would leave an empty line, which ends the header section)
key_args() {
  local keys=$1 name=$2 expect=$3 pair k v
  declare -A kv=([case]="$name" [from]="<sip:+861066022236@127.0.0.2>" [hdr1]="X-Case: $name"
                 [hdr2]="X-Case: $name" [maxfwd]=70 [expect]="$expect")
  if [ "$keys" != - ]; then
    while [ -n "$keys" ]; do
      pair=${keys%%" | "*}
      [ "$pair" = "$keys" ] && keys="" || keys=${keys#*" | "}
      k=${pair%%=*} v=${pair#*=}
      kv[$k]=$v
    done
  fi
  KEYARGS=()
  for k in "${!kv[@]}"; do KEYARGS+=(-key "$k" "${kv[$k]}"); done
}
err_line() {    # the last event of a sipp error file, without its timestamps
  grep -v '^The following' "$1" | tail -1 | sed 's/^[0-9-]*\t[0-9:.]*\t[0-9.]*: //' | cut -c1-110
}
quote() { local a out=""; for a in "$@"; do out+=" $(printf '%q' "$a")"; done; echo "${out# }"; }

# ---------- one case ----------
# sets R_GOT and R_NOTE, returns 0 on pass
run_case() {
  local i=$1 name=${C_NAME[$1]} tr=${C_TR[$1]} ip=${C_IP[$1]} caller=${C_CALLER[$1]}
  local callee=${C_CALLEE[$1]} expect=${C_EXPECT[$1]} keys=${C_KEYS[$1]} check=${C_CHECK[$1]}
  local dir="$RUN/cases/$name" t port target sink=0 ce_args=() ce_pid="" rc ce_rc callid num
  mkdir -p "$dir"
  R_GOT="" R_NOTE=""
  if [ "$tr" = udp ]; then t=u1 port=$UDP_CALLEE_PORT; else t=t1 port=$TCP_CALLEE_PORT; fi

  # which callee, and where the caller sends
  if [ $MODE = proxy ]; then
    target="$PROXY_HOST:$PROXY_PORT"
    # SipGuard must answer itself: listen anyway and fail if anything leaks through
    [ "$callee" = - ] && { callee=callee-answer; sink=1; }
  else
    target=${SIPGUARD_TARGET:-127.0.0.1:$port}
    case "$callee" in
      -|callee-silent) callee=stand-in; ce_args=(-key status "SIP/2.0 $expect Stand-in") ;;
      callee-tagged) callee=callee-answer ;;   # the tag is SipGuard's to add
    esac
  fi

  local ce_cmd=(sipp -sf "$SCEN/$callee.xml" -i 127.0.0.1 -p "$port" -t "$t" -m 1 -nostdin "${WATCHDOG[@]}"
                -timeout $(( CALL_TIMEOUT + CALLEE_GRACE )) -timeout_error "${ce_args[@]}"
                -trace_msg -message_file "$dir/callee.msg" -trace_logs -log_file "$dir/callee.log"
                -trace_err -error_file "$dir/callee.err")
  key_args "$keys" "$name" "$expect"
  local ca_cmd=(sipp -sf "$SCEN/$caller.xml" -i "$ip" -t "$t" -s "$SERVICE" -m 1 -d "$HOLD_MS" -nostdin "${WATCHDOG[@]}"
                -timeout "$CALL_TIMEOUT" -timeout_error "${KEYARGS[@]}"
                -trace_msg -message_file "$dir/caller.msg" -trace_logs -log_file "$dir/caller.log"
                -trace_err -error_file "$dir/caller.err" "$target")

  if [ $DRY = 1 ]; then
    echo "[$name] expect $expect$( [ $sink = 1 ] && echo ' (nothing may reach the callee)')"
    echo "  callee: $(quote "${ce_cmd[@]}")"
    echo "  caller: $(quote "${ca_cmd[@]}")"
    [ "$check" = - ] || echo "  check:  $check"
    return 0
  fi

  "${ce_cmd[@]}" >"$dir/callee.out" 2>&1 &
  ce_pid=$!
  PIDS+=("$ce_pid")
  wait_listen "$tr" "$port" "$ce_pid" || { R_NOTE="callee $callee did not start"; stop_pid "$ce_pid"; return 1; }

  timeout $(( CALL_TIMEOUT + 5 )) "${ca_cmd[@]}" >"$dir/caller.out" 2>&1
  rc=$?
  R_GOT=$(first_final "$dir/caller.msg")
  [ -n "$R_GOT" ] || R_GOT="none"

  if [ $sink = 1 ]; then
    stop_pid "$ce_pid"
    if grep -q '^INVITE \|^OPTIONS ' "$dir/callee.msg" 2>/dev/null; then
      R_NOTE="forwarded to the callee but SipGuard had to answer itself"; return 1
    fi
  else
    wait_exit "$ce_pid" "$CALLEE_GRACE"; ce_rc=$?
    [ $ce_rc = 124 ] && stop_pid "$ce_pid"
  fi

  if [ $rc != 0 ]; then
    R_NOTE="caller sipp exit $rc"
    [ -s "$dir/caller.err" ] && R_NOTE+=": $(err_line "$dir/caller.err")"
    return 1
  fi
  [ "$R_GOT" = "$expect" ] || { R_NOTE="wrong final response"; return 1; }
  if [ $sink = 0 ] && [ "$ce_rc" != 0 ]; then
    R_NOTE="callee $callee: $([ "$ce_rc" = 124 ] && echo 'did not finish' || echo "sipp exit $ce_rc")"
    [ -s "$dir/callee.err" ] && R_NOTE+=": $(err_line "$dir/callee.err")"
    return 1
  fi
  case "$check" in
    -) ;;
    evidence:*)
      if [ $MODE = proxy ]; then
        num=${check#evidence:}
        callid=$(sed -n 's/.* call-id=\([^ ]*\).*/\1/p' "$dir/caller.log" | head -1)
        grep -rqF -e "${callid:-no-call-id}" -e "$num" "$RUN/evidence" 2>/dev/null \
          || { R_NOTE="no evidence record of call-id ${callid:-?} / $num under $RUN/evidence"; return 1; }
        R_NOTE="recorded"
      else
        R_NOTE="evidence not checked (--no-proxy)"
      fi ;;
    *) R_NOTE="unknown check '$check'"; return 1 ;;
  esac
  return 0
}

# ---------- main ----------
if [ $DRY = 1 ]; then
  bad=0
  for f in "$SCEN"/*.xml "$HERE"/stress/*.xml; do
    [ -e "$f" ] || continue
    python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$f" 2>/dev/null \
      || { echo "not well-formed XML: $f" >&2; bad=1; }
  done
  [ -r "$HERE/config/sipguard.yaml" ] || { echo "missing config/sipguard.yaml" >&2; bad=1; }
  for f in $(sed -n 's/.*file: *\([^ ,}]*\).*/\1/p' "$HERE/config/sipguard.yaml"); do
    [ -r "$HERE/config/$f" ] || { echo "config names a missing list: $f" >&2; bad=1; }
  done
  for i in "${!C_NAME[@]}"; do run_case "$i"; done
  rm -rf "$RUN"
  echo "dry run: ${#C_NAME[@]} cases, mode $MODE, $([ $bad = 0 ] && echo 'files OK' || echo 'PROBLEMS above')"
  exit $bad
fi

[ $MODE = proxy ] && start_sipguard
echo "mode: $MODE, ${#C_NAME[@]} cases, logs in $RUN"
echo
ROWS=() FAILED=0 PASSED=0
for i in "${!C_NAME[@]}"; do
  if [ $(( SECONDS - START )) -ge "$SUITE_TIMEOUT" ]; then
    ROWS+=("${C_NAME[$i]}|${C_TR[$i]}|${C_EXPECT[$i]}|-|FAIL|suite timeout (${SUITE_TIMEOUT}s) reached, not run")
    FAILED=$(( FAILED + 1 )); continue
  fi
  if run_case "$i"; then res=pass PASSED=$(( PASSED + 1 )); else res=FAIL FAILED=$(( FAILED + 1 )); fi
  ROWS+=("${C_NAME[$i]}|${C_TR[$i]}|${C_EXPECT[$i]}|$R_GOT|$res|$R_NOTE")
  printf '  %-30s %s\n' "${C_NAME[$i]}" "$res" >&2
  if [ $MODE = proxy ] && ! kill -0 "$SG_PID" 2>/dev/null; then
    echo "run.sh: SipGuard died during case ${C_NAME[$i]}, see $RUN/sipguard.log" >&2
  fi
done

echo
printf '%-30s %-4s %-8s %-5s %-5s %s\n' scenario tr expected got result note
printf '%-30s %-4s %-8s %-5s %-5s %s\n' ------------------------------ ---- -------- ----- ----- ----
for row in "${ROWS[@]}"; do
  IFS='|' read -r n tr e g r note <<<"$row"
  printf '%-30s %-4s %-8s %-5s %-5s %s\n' "$n" "$tr" "$e" "$g" "$r" "$note"
done
echo
echo "$PASSED passed, $FAILED failed, $(( SECONDS - START ))s (mode $MODE)"
cleanup
if [ $FAILED -gt 0 ]; then
  echo "logs of every case (caller/callee .msg .log .err .out) in $RUN/cases/<name>$([ $MODE = proxy ] && echo ", SipGuard in $RUN/sipguard.log")"
  exit 1
fi
[ $KEEP = 1 ] && echo "logs in $RUN" || rm -rf "$RUN"
exit 0
