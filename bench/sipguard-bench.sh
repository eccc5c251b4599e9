#!/usr/bin/env bash
# Starts SipGuard in the foreground for the load bench in this folder (bench/compare.sh --other-cmd).
#
# compare.sh exports PORT and UPSTREAM (and substitutes {port}/{upstream} in the command line);
# this script writes the config that the bench README ("SipGuard's config for this bench") asks for
# into a temp folder, so SipGuard enforces exactly the policy the reference Kamailio enforces,
# then execs SipGuard so compare.sh measures the dotnet process itself.
#
# Usage: PORT=5080 UPSTREAM=127.0.0.1:5090 bench/sipguard-bench.sh [--check]
#   --check   only validate the generated config (sipguard check) and print its path
# Env: BENCH_DIR (default: this folder), SIPGUARD_BUILD (aot, r2r or jit: see below; default aot;
#      SIPGUARD_R2R=0 is the older name for jit), SIPGUARD_DLL (run that sipguard.dll as is instead),
#      TLS_PORT (optional: one more listener tls://127.0.0.1:TLS_PORT with TLS_CERT/TLS_KEY, PEM files),
#      MAX_TRANSACTIONS_PER_TRUNK (optional limits.max_transactions_per_trunk; the default 50,000 caps one
#      trunk at ~5,000 calls/s over UDP, where each call keeps two transactions ~5 s; 0 = unlimited),
#      BREAKER (optional breaker of the bench's upstream, e.g. '{ open_for: 1s }': by default an overloaded
#      SIPp UAS that stops answering opens it for 30 s, and a max search's next steps then measure
#      SipGuard refusing calls at once with 503 "upstream-down", not its capacity; Kamailio's config has no breaker),
#      LIMIT_CPS (optional: limits.trunks.trunk-loopback.calls_per_second, far above the bench's rate),
#      CLUSTER (optional HOST:PORT of a Redis: the node joins a cluster there, node name "bench"),
#      ADMIN (default off; e.g. '"http://127.0.0.1:9099"' for /metrics — memory.sh reads the GC figures there),
#      EXTRA_TRUNKS (default 0: that many more private-line trunks, sources in 10.0.0.0/8, none matching
#      the bench's traffic), EXTRA_LIST_ENTRIES (default 0: one more reject list with that many random
#      numbers, none of them a bench caller) — the growth bench (growth.sh) uses both;
#      MAX_TRANSACTIONS (optional proxy.max_transactions; unset = SipGuard's default 100,000). Over UDP
#      a completed call keeps its INVITE and BYE transactions ~5 s (proxy.linger), so the default table
#      carries a sustained ~10,000 calls/s; like Kamailio's 1 GB shared memory, it sizes capacity, not verdicts.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
bench_dir="${BENCH_DIR:-$here}"
policy="$bench_dir/data/policy"
# The build under test (SIPGUARD_BUILD): "aot" (default), Native AOT, the build to deploy: no JIT at
# all, so the first seconds under load cost what the rest do; "r2r", ReadyToRun (precompiled code that
# the JIT still recompiles once hot); "jit", the plain Release build. r2r and aot are published once
# into the repo's bin folder, again whenever a source file is newer, always before any load starts.
# SIPGUARD_DLL runs another build's sipguard.dll as is.
bin_root="$repo/src/SipGuard/bin/Release/net10.0/linux-x64"
publish_if_stale() { # DIR OUTPUT PUBLISH-ARGS...: publish src/SipGuard into DIR unless DIR/OUTPUT is newer than every source
  local dir=$1 output=$2; shift 2
  if [[ ! -f "$dir/$output" ]] || [[ -n "$(find "$repo/src" "$repo/Directory.Packages.props" "$repo/Directory.Build.props" \( -name bin -o -name obj \) -prune -o -newer "$dir/$output" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -print -quit)" ]]; then
    echo "sipguard-bench: publishing $output ($*) into $dir" >&2
    dotnet publish "$repo/src/SipGuard" -c Release -r linux-x64 "$@" -o "$dir" >&2
  fi
}
build="${SIPGUARD_BUILD:-}"
[[ -n "$build" ]] || { [[ "${SIPGUARD_R2R:-1}" == 0 ]] && build=jit || build=aot; }   # SIPGUARD_R2R=0: older name for jit
if [[ -n "${SIPGUARD_DLL:-}" ]]; then
  sipguard=(dotnet "$SIPGUARD_DLL")
else
  case "$build" in
    r2r) publish_if_stale "$bin_root/r2r-publish" sipguard.dll --self-contained false -p:PublishReadyToRun=true
         sipguard=(dotnet "$bin_root/r2r-publish/sipguard.dll") ;;
    aot) publish_if_stale "$bin_root/aot-publish" sipguard -p:PublishAot=true -p:CppCompilerAndLinker=gcc
         sipguard=("$bin_root/aot-publish/sipguard") ;;
    jit) sipguard=(dotnet "$repo/src/SipGuard/bin/Release/net10.0/sipguard.dll") ;;
    *) echo "sipguard-bench: SIPGUARD_BUILD must be r2r, aot or jit, got '$build'" >&2; exit 2 ;;
  esac
fi
port="${PORT:-5080}"
upstream="${UPSTREAM:-127.0.0.1:5090}"

# The bench is loopback only: refuse anything else before writing a config.
case "$upstream" in 127.*) ;; *) echo "sipguard-bench: upstream must be on 127.0.0.0/8, got '$upstream'" >&2; exit 2 ;; esac
case "$port" in ''|*[!0-9]*) echo "sipguard-bench: bad PORT '$port'" >&2; exit 2 ;; esac
[[ -f "${sipguard[-1]}" ]] || { echo "sipguard-bench: ${sipguard[-1]} not found; run: dotnet build -c Release src/SipGuard" >&2; exit 2; }
for f in allowed-prefixes.txt whitelist.txt blacklist.txt; do
  [[ -f "$policy/$f" ]] || { echo "sipguard-bench: $policy/$f missing" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/sipguard-bench-cfg.XXXXXX")"
cfg="$work/sipguard.yaml"

# Trunk 1's ranges: a single number (full E.164 length: 13 or 14 characters) stays as it is,
# a shorter prefix is a block and gets "*" appended, as the README's mapping says.
allowed="$(awk '!/^#/ && $1 == "1" && NF >= 2 {
    p = $2; if (length(p) < 13) p = p "*"; printf "%s\"%s\"", (n++ ? ", " : ""), p }' "$policy/allowed-prefixes.txt")"
special="$(awk '!/^#/ && NF >= 1 { printf "%s\"%s\"", (n++ ? ", " : ""), $1 }' "$policy/whitelist.txt")"

# Growth: more trunks (never matched by the bench's 127.0.0.1 traffic) and a larger list (numbers in
# +86 170 xxxx xxxx, a range the bench's callers do not use), so only the size of the work changes.
extra_trunks() {
  local n="${EXTRA_TRUNKS:-0}"
  (( n > 0 )) || return 0
  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
    printf "  grow-%d: { kind: private-line, sources: [ \"10.%d.%d.%d/32\" ], upstream: bench-uas, allowed_callers: [ \"+8610%08d\" ] }\n",
      i, int(i / 65536) % 256, int(i / 256) % 256, i % 256, i }'
}
extra_list() {
  local n="${EXTRA_LIST_ENTRIES:-0}"
  (( n > 0 )) || return 0
  local file="$work/growth-list.txt"
  awk -v n="$n" 'BEGIN { srand(7); for (i = 0; i < n; i++) printf "+86170%08d\n", int(rand() * 100000000) }' > "$file"
  printf '  growth-list: { file: %s, action: reject, code: 608, applies_to: [ private-line ] }\n' "$file"
}

limits=()
[[ -n "${LIMIT_CPS:-}" ]] && limits+=("trunks: { trunk-loopback: { calls_per_second: $LIMIT_CPS } }")
[[ -n "${MAX_TRANSACTIONS_PER_TRUNK:-}" ]] && limits+=("max_transactions_per_trunk: $MAX_TRANSACTIONS_PER_TRUNK")
limits_yaml=""
if [[ ${#limits[@]} -gt 0 ]]; then
  joined="$(printf '%s, ' "${limits[@]}")"
  limits_yaml="limits: { ${joined%, } }"
fi

cat > "$cfg" <<YAML
# Generated by bench/sipguard-bench.sh for the load bench; do not edit.
listen: [ "udp://127.0.0.1:$port", "tcp://127.0.0.1:$port"${TLS_PORT:+, \"tls://127.0.0.1:$TLS_PORT\"} ]
${TLS_PORT:+tls: { certificate: $TLS_CERT, key: $TLS_KEY \}}
admin: ${ADMIN:-off}
$limits_yaml
${CLUSTER:+cluster: { redis: \"$CLUSTER\", node: bench, key_prefix: \"bench:\" \}}
numbering: { country: CN }
${MAX_TRANSACTIONS:+proxy: { max_transactions: $MAX_TRANSACTIONS \}}
evidence:
  dir: $work/evidence
upstreams:
  bench-uas: { targets: [ "sip:$upstream" ]${BREAKER:+, breaker: $BREAKER} }
trunks:
  trunk-loopback:
    kind: private-line
    sources: [ "127.0.0.1/32" ]
    upstream: bench-uas
    mode: enforce
    allowed_callers: [ $allowed ]
$(extra_trunks)
special_users: [ $special ]
lists:
  bench-blacklist: { file: $policy/blacklist.txt, action: reject, code: 608, applies_to: [ private-line ] }
$(extra_list)
YAML

export DOTNET_TieredPGO=1 DOTNET_gcServer=0

if [[ "${1:-}" == "--check" ]]; then
  "${sipguard[@]}" check --config "$cfg"
  echo "$cfg"
  exit 0
fi

echo "sipguard-bench: config $cfg" >&2
exec "${sipguard[@]}" run --config "$cfg"
