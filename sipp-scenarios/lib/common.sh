# lib/common.sh - shell helpers shared by run.sh and stress.sh (sourced, not run).
# Expects: HERE (sipp-scenarios/), REPO, SCEN, RUN (run directory), DLL, PIDS
# (array of the pids this script started), die(), PROXY_HOST/PROXY_PORT,
# UDP_CALLEE_PORT/TCP_CALLEE_PORT, READY_TIMEOUT, START.

stop_pid() {     # stop one of our processes: TERM, then KILL after 2 s
  local p=$1 i
  kill -0 "$p" 2>/dev/null || return 0
  kill -TERM "$p" 2>/dev/null
  for i in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null
  return 0
}
port_busy() {    # port_busy udp|tcp PORT: something listens there already
  if [ "$1" = udp ]; then [ -n "$(ss -Hlnu "sport = :$2" 2>/dev/null)" ]
  else [ -n "$(ss -Hlnt "sport = :$2" 2>/dev/null)" ]; fi
}
# start_sipguard: build if needed, start SipGuard on a copy of config/ whose
# evidence dir is $RUN/evidence, wait until it answers OPTIONS. Sets SG_PID.
start_sipguard() {
  local need_build=0 ready=0 i
  if [ -z "${SIPGUARD_DLL:-}" ]; then
    if [ "${SIPGUARD_BUILD:-0}" = 1 ] || [ ! -f "$DLL" ]; then need_build=1
    elif [ -n "$(find "$REPO/src" -name '*.cs' -newer "$DLL" -print -quit 2>/dev/null)" ]; then need_build=1; fi
  fi
  if [ $need_build = 1 ]; then
    echo "building SipGuard (dotnet build -c Release src/SipGuard) ..."
    (cd "$REPO" && timeout 600 dotnet build -c Release src/SipGuard) >"$RUN/build.log" 2>&1 \
      || { tail -20 "$RUN/build.log" >&2; die "build failed, see $RUN/build.log"; }
  fi
  [ -f "$DLL" ] || die "no $DLL (set SIPGUARD_DLL or SIPGUARD_BUILD=1)"
  command -v dotnet >/dev/null || die "dotnet is not installed"
  local p
  for p in "udp $PROXY_PORT" "tcp $PROXY_PORT" "udp $UDP_CALLEE_PORT" "tcp $TCP_CALLEE_PORT"; do
    # shellcheck disable=SC2086
    port_busy $p && die "${p/ /:} is already in use; stop whatever listens there first"
  done

  # a copy of config/ whose evidence goes into the run directory
  cp -r "$HERE/config" "$RUN/config"
  sed -i "s|^  dir: evidence .*|  dir: \"$RUN/evidence\"|" "$RUN/config/sipguard.yaml"
  mkdir -p "$RUN/evidence"
  echo "starting SipGuard: dotnet $DLL run --config $RUN/config/sipguard.yaml"
  dotnet "$DLL" run --config "$RUN/config/sipguard.yaml" >"$RUN/sipguard.log" 2>&1 &
  SG_PID=$!
  PIDS+=("$SG_PID")

  # ready = it answers an OPTIONS keep-alive on its UDP port
  for i in $(seq $(( READY_TIMEOUT * 2 ))); do
    kill -0 "$SG_PID" 2>/dev/null || { tail -20 "$RUN/sipguard.log" >&2; die "SipGuard exited during start-up, see $RUN/sipguard.log"; }
    if timeout 3 sipp -sf "$SCEN/caller-options.xml" -i 127.0.0.2 -m 1 -nostdin -timeout 1 -timeout_error \
         -key case ready-probe -key from "<sip:+861066022236@127.0.0.2>" -key hdr1 "X-Case: probe" \
         -key hdr2 "X-Case: probe" -key maxfwd 70 -key expect 200 \
         "$PROXY_HOST:$PROXY_PORT" >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.5
  done
  [ $ready = 1 ] || { tail -20 "$RUN/sipguard.log" >&2; die "SipGuard did not answer OPTIONS on udp $PROXY_HOST:$PROXY_PORT within ${READY_TIMEOUT}s, see $RUN/sipguard.log"; }
  echo "SipGuard ready (pid $SG_PID) after $(( SECONDS - START ))s"
}

