#!/usr/bin/env bash
# Load test of the demo on 127.0.0.1 with wrk: the cost of authentication over HTTP, and whether a login
# flood starves the API. Bounded: every wrk run has a fixed duration; the demo is stopped at the end.
#
#   benchmarks/load.sh [seconds-per-run] [rounds]      (defaults: 10 s, 5 rounds; warm-up 15 s per endpoint)
#   ALGS="RS256" benchmarks/load.sh                     (a subset; the login-flood part needs RS256 in it)
#
# For HS256, RS256 and ES256 it starts `java -jar demo-webapp/target/jwt-demo.war` on a free loopback port,
# logs in once, warms up, then alternates wrk runs on /api/health (public) and /api/ping (same answer, but
# behind the filter, with one valid token) and prints the medians and their ratios. Then, on the RS256 demo,
# it compares /api/me alone with /api/me while a second wrk floods /auth/login.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-10}"
ROUNDS="${2:-5}"
WARMUP=15
THREADS=1
CONNECTIONS=16
WAR=demo-webapp/target/jwt-demo.war

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed: apt-get install -y curl" >&2; exit 2; }
[ -f "$WAR" ] || mvn -B -ntp -q -DskipTests package -pl demo-webapp -am
. benchmarks/demo.sh


# start_demo ALG -> sets BASE and TOKEN
start_demo() {
  case "$1" in
    HS256) start_demo_war JWT_HMAC_SECRET="load-test-shared-secret-of-at-least-32-bytes" ;;
    *)     start_demo_war JWT_SIGNING_ALG="$1" ;;
  esac
  TOKEN="$(curl -s -X POST "$BASE/auth/login" -H 'Content-Type: application/json' \
      -d '{"username":"alice","password":"alice-demo-pass"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
}

# run_wrk SECONDS URL [token] -> prints "<requests/s> <p99 in ms>"
run_wrk() {
  local seconds="$1" url="$2" token="${3:-}"
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency)
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  wrk "${args[@]}" "$url" | awk '
    /Requests\/sec/ {rps=$2}
    $1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); p=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); p=v} else if (v ~ /s$/) {sub(/s$/,"",v); p=v*1000}}
    / Non-2xx or 3xx responses/ {bad=$5}
    END {if (bad>0) {print "wrk saw " bad " non-2xx answers" > "/dev/stderr"}; printf "%s %.3f\n", rps, p}'
}

div() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s x $ROUNDS alternating rounds, ${WARMUP}s warm-up"
printf "%-6s %12s %12s %7s %10s %10s %7s\n" alg health_rps ping_rps ratio health_p99 ping_p99 p99x
for ALG in ${ALGS:-HS256 RS256 ES256}; do
  start_demo "$ALG"
  run_wrk "$WARMUP" "$BASE/api/health" >/dev/null
  run_wrk "$WARMUP" "$BASE/api/ping" "$TOKEN" >/dev/null
  : > "$DATA/h"; : > "$DATA/p"
  for r in $(seq 1 "$ROUNDS"); do
    run_wrk "$DURATION" "$BASE/api/health" >> "$DATA/h"
    run_wrk "$DURATION" "$BASE/api/ping" "$TOKEN" >> "$DATA/p"
  done
  HR=$(cut -d' ' -f1 "$DATA/h" | median); PR=$(cut -d' ' -f1 "$DATA/p" | median)
  HL=$(cut -d' ' -f2 "$DATA/h" | median); PL=$(cut -d' ' -f2 "$DATA/p" | median)
  printf "%-6s %12.0f %12.0f %7.3f %8.2fms %8.2fms %7.3f\n" "$ALG" "$HR" "$PR" "$(div "$PR" "$HR")" "$HL" "$PL" "$(div "$PL" "$HL")"
  [ "$ALG" = RS256 ] && { KEEP_BASE="$BASE"; KEEP_TOKEN="$TOKEN"; KEEP_PID="$DEMO_PID"; KEEP_DATA="$DATA"; DEMO_PID=""; DATA=""; } || stop_demo_war
done

# Login flood on the RS256 demo: /api/me alone, then /api/me while /auth/login is flooded with valid logins.
DEMO_PID="$KEEP_PID"; DATA="$KEEP_DATA"; BASE="$KEEP_BASE"; TOKEN="$KEEP_TOKEN"
cat > "$DATA/login.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"username":"admin","password":"admin-demo-pass"}'
wrk.headers["Content-Type"] = "application/json"
LUA
run_wrk "$WARMUP" "$BASE/api/me" "$TOKEN" >/dev/null
: > "$DATA/alone"; : > "$DATA/flooded"
for r in $(seq 1 "$ROUNDS"); do
  run_wrk "$DURATION" "$BASE/api/me" "$TOKEN" >> "$DATA/alone"
  wrk -t1 -c16 -d"$((DURATION + 2))s" -s "$DATA/login.lua" "$BASE/auth/login" > "$DATA/flood.out" &
  FLOOD=$!
  sleep 1
  run_wrk "$DURATION" "$BASE/api/me" "$TOKEN" >> "$DATA/flooded"
  wait "$FLOOD"
done
AR=$(cut -d' ' -f1 "$DATA/alone" | median); FR=$(cut -d' ' -f1 "$DATA/flooded" | median)
printf "login flood: /api/me alone %.0f req/s, during the flood %.0f req/s, ratio %.3f\n" "$AR" "$FR" "$(div "$FR" "$AR")"
