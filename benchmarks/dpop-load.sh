#!/usr/bin/env bash
# What a DPoP request costs against a bearer one over HTTP, on the demo (127.0.0.1 only, bounded: every wrk run
# has a fixed duration, the demo is stopped at the end).
#
#   benchmarks/dpop-load.sh [seconds-per-run] [rounds]      (defaults: 5 s, 5 rounds; 10 s warm-up per kind)
#   DEMO_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/dpop-load.sh   (the demo on another Java)
#
# Starts `java -jar demo-webapp/target/jwt-demo.war` (DPoP allowed, its replay cache in the demo's H2 database),
# logs in once without a proof (a bearer token) and, before every DPoP run, once with one (a DPoP-bound token)
# and signs a pool of distinct proofs for GET /api/ping with it (DPoPProofPool, outside the measured time: wrk
# only sends them, one per request). Then it alternates wrk runs on /api/ping with the bearer token and with the
# DPoP token and a fresh proof per request, and prints the medians and their ratios. A run that gets any 4xx or 5xx
# answer (a pool too small for the rate, say) fails the script rather than report a figure.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-5}"
ROUNDS="${2:-5}"
WARMUP=10
THREADS=1
CONNECTIONS=16
# Proofs per DPoP run: enough for 4,000 requests a second (ES256 proof checks bound the rate well below that on two
# cores), few enough to be signed well within a proof's window. Override with POOL=n.
POOL="${POOL:-$((DURATION > WARMUP ? DURATION * 4000 : WARMUP * 4000))}"
WAR=demo-webapp/target/jwt-demo.war
JAR=benchmarks/target/benchmarks.jar

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed: apt-get install -y curl" >&2; exit 2; }
[ -f "$WAR" ] && [ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package -pl demo-webapp,benchmarks -am
if [ -n "${DEMO_JAVA:-}" ]; then
  PATH="$(dirname "$DEMO_JAVA"):$PATH"
fi
. benchmarks/demo.sh

start_demo_war JWT_DPOP=dpop-allowed
TARGET="$BASE/api/ping"
BEARER="$(curl -s -X POST "$BASE/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"alice","password":"alice-demo-pass"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
cat > "$DATA/dpop.lua" <<'LUA'
local token, proofs, next_proof = nil, {}, 0
init = function(args)
  token = io.open(args[1]):read("*l")
  for line in io.lines(args[2]) do proofs[#proofs + 1] = line end
end
request = function()
  next_proof = next_proof + 1
  -- Past the end of the pool a proof would be sent twice: a replay, answered 401, and the run fails.
  local proof = proofs[next_proof] or proofs[1]
  return wrk.format("GET", nil, {["Authorization"] = "DPoP " .. token, ["DPoP"] = proof})
end
LUA

# run_wrk SECONDS [wrk args...] -> prints "<requests/s> <p99 in ms>"; fails on any non-2xx answer
run_wrk() {
  local seconds="$1"; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency "$@" | awk '
    /Requests\/sec/ {rps=$2}
    $1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); p=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); p=v} else if (v ~ /s$/) {sub(/s$/,"",v); p=v*1000}}
    / Non-2xx or 3xx responses/ {bad=$5}
    END {if (bad>0) {print "wrk saw " bad " non-2xx answers" > "/dev/stderr"; exit 1}; printf "%s %.3f\n", rps, p}'
}
bearer_run() { run_wrk "$1" -H "Authorization: Bearer $BEARER" "$TARGET"; }
dpop_run() {
  java -cp "$JAR" dev.jwtfilter.bench.DPoPProofPool "$BASE" "$TARGET" "$POOL" "$DATA/token" "$DATA/proofs" 2>/dev/null
  run_wrk "$1" -s "$DATA/dpop.lua" "$TARGET" -- "$DATA/token" "$DATA/proofs"
}
div() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

echo "machine: $(nproc) cores, demo on $(java -version 2>&1 | head -1), wrk -t$THREADS -c$CONNECTIONS," \
    "${DURATION}s x $ROUNDS alternating rounds, ${WARMUP}s warm-up, $POOL proofs per DPoP run"
bearer_run "$WARMUP" >/dev/null
dpop_run "$WARMUP" >/dev/null
: > "$DATA/b"; : > "$DATA/d"
for r in $(seq 1 "$ROUNDS"); do
  bearer_run "$DURATION" >> "$DATA/b"
  dpop_run "$DURATION" >> "$DATA/d"
done
BR=$(cut -d' ' -f1 "$DATA/b" | median); DR=$(cut -d' ' -f1 "$DATA/d" | median)
BL=$(cut -d' ' -f2 "$DATA/b" | median); DL=$(cut -d' ' -f2 "$DATA/d" | median)
printf "%-8s %12s %12s %7s %10s %10s %7s\n" what bearer_rps dpop_rps ratio bearer_p99 dpop_p99 p99x
printf "%-8s %12.0f %12.0f %7.3f %8.2fms %8.2fms %7.3f\n" /api/ping "$BR" "$DR" "$(div "$DR" "$BR")" "$BL" "$DL" "$(div "$DL" "$BL")"
echo "runs (rps p99ms): bearer $(tr '\n' ' ' < "$DATA/b")| dpop $(tr '\n' ' ' < "$DATA/d")"
