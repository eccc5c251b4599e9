#!/usr/bin/env bash
# gen-mix.sh - write a SIPp injection file (stress/caller-mix.xml fields) with a
# call mix that matches sipp-scenarios/config/ (trunk acme-line-1):
#
#   allowed      200  PAI = From = an allowed number (allowed-pai), or From only (allowed-from)
#   spoofed      403  foreign From (spoofed-from), foreign PAI = From (spoofed-pai),
#                     foreign PAI over an allowed From, foreign From under an allowed PAI
#   withheld     433  anonymous From, Privacy: id over an allowed PAI, From without user part
#   blacklisted  608  a number of config/lists/blacklist.txt as From, or as PAI over an allowed From
#
# Allowed numbers come from acme-line-1's allowed_callers (the number, the
# prefix +86106602*, the range +8615811110000..999) minus the blacklisted and
# grey-listed ones; foreign numbers are valid CN mobiles outside them. Every
# number is valid in the CN numbering plan. Deterministic for a given seed.
#
# Usage: stress/gen-mix.sh [--mix allowed=80,spoofed=10,withheld=5,blacklisted=5]
#                          [--calls 1000] [--seed 7] [--host 127.0.0.2] --out FILE
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
MIX="allowed=80,spoofed=10,withheld=5,blacklisted=5"
CALLS=1000 SEED=7 HOST=127.0.0.2 OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mix) MIX=$2; shift 2 ;;
    --calls) CALLS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --host) HOST=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 { if (/^#/) { sub(/^# ?/, ""); print } else exit }' "$0"; exit 0 ;;
    *) echo "gen-mix.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$OUT" ] || { echo "gen-mix.sh: --out FILE is required" >&2; exit 2; }
case "$CALLS$SEED" in *[!0-9]*) echo "gen-mix.sh: --calls and --seed must be integers" >&2; exit 2 ;; esac
BL="$HERE/../config/lists/blacklist.txt"
GREY="$HERE/../config/lists/suspected.txt"

awk -v mix="$MIX" -v calls="$CALLS" -v seed="$SEED" -v host="$HOST" -v out="$OUT" '
  function d(k,   s, i) { s = ""; for (i = 0; i < k; i++) s = s int(rand() * 10); return s }
  function uri(n) { return "<sip:" n "@" host ">" }
  function pai(n) { return "P-Asserted-Identity: " uri(n) }
  function allowed(   n, r) {
    do {
      r = rand()
      if (r < 0.05) n = "+861066022236"
      else if (r < 0.55) n = "+86106602" d(4)
      else n = "+8615811110" d(3)
    } while (n in bad)
    return n
  }
  function foreign(   p, n) {
    split("137 186 150 189 135 182", p, " ")
    do n = "+86" p[1 + int(rand() * 6)] d(8); while (n ~ /^\+861581111/)
    return n
  }
  function black() { return bl[1 + int(rand() * nbl)] }
  function emit(from, h1, h2, code, label) {
    print from ";" h1 ";" h2 ";" code ";" label > out
    count[label]++
  }
  FILENAME == ARGV[1] && /^\+/ { bl[++nbl] = $1; bad[$1] = 1; next }
  FILENAME == ARGV[2] && /^\+/ { bad[$1] = 1; next }
  END {
    if (nbl == 0) { print "gen-mix.sh: empty blacklist" > "/dev/stderr"; exit 2 }
    srand(seed)
    n = split(mix, parts, ",")
    for (i = 1; i <= n; i++) {
      split(parts[i], kv, "=")
      if (kv[1] !~ /^(allowed|spoofed|withheld|blacklisted)$/ || kv[2] !~ /^[0-9]+$/) {
        print "gen-mix.sh: bad mix entry \"" parts[i] "\" (classes: allowed spoofed withheld blacklisted)" > "/dev/stderr"; exit 2
      }
      share[kv[1]] = kv[2]; total += kv[2]
    }
    if (total <= 0) { print "gen-mix.sh: the mix shares add up to 0" > "/dev/stderr"; exit 2 }
    print "SEQUENTIAL" > out
    for (c = 0; c < calls; c++) {
      r = rand() * total
      if ((r -= share["allowed"]) < 0) {
        a = allowed()
        if (rand() < 0.5) emit(uri(a), pai(a), "", 200, "allowed-pai"); else emit(uri(a), "", "", 200, "allowed-from")
      } else if ((r -= share["spoofed"]) < 0) {
        s = rand(); f = foreign()
        if (s < 0.25) emit(uri(f), "", "", 403, "spoofed-from")
        else if (s < 0.5) emit(uri(f), pai(f), "", 403, "spoofed-pai")
        else if (s < 0.75) emit(uri(allowed()), pai(f), "", 403, "spoofed-pai-over-allowed-from")
        else emit(uri(f), pai(allowed()), "", 403, "spoofed-from-under-allowed-pai")
      } else if ((r -= share["withheld"]) < 0) {
        s = rand(); a = allowed()
        if (s < 0.4) emit("\"Anonymous\" <sip:anonymous@anonymous.invalid>", "", "", 433, "anonymous-from")
        else if (s < 0.8) emit(uri(a), pai(a), "Privacy: id", 433, "privacy-id")
        else emit("<sip:" host ">", "", "", 433, "empty-caller")
      } else {
        if (rand() < 0.5) emit(uri(black()), "", "", 608, "blacklisted-from")
        else emit(uri(allowed()), pai(black()), "", 608, "blacklisted-pai-over-allowed-from")
      }
    }
    for (l in count) printf "  %-36s %6d  %5.1f%%\n", l, count[l], 100 * count[l] / calls > "/dev/stderr"
  }
' "$BL" "$GREY"
