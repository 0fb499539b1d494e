#!/usr/bin/env bash
# Mixed load with faults in the tokens, against the demo on 127.0.0.1, bounded (default 60 s):
# 6 threads send valid, expired, forged and garbage tokens to /api/me and /api/admin, 2 threads race four
# concurrent refreshes of one token (exactly one may win, then reuse revokes the family) and chain five
# rotations and a logout. Fails on any 5xx, any wrongly accepted token, any broken race or chain, or any
# inconsistent family in the refresh-token database afterwards. The demo's heap after a full GC is sampled
# every 10 s with jcmd.
#
#   benchmarks/mixed-load.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_TO_RUN="${1:-60}"
WAR=demo-webapp/target/jwt-demo.war
JAR=benchmarks/target/benchmarks.jar
[ -f "$WAR" ] && [ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package -pl demo-webapp,benchmarks -am

. benchmarks/demo.sh
SAMPLER_PID=""
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
  stop_demo_war
}
trap cleanup EXIT

# Logins are part of the mix (one per refresh round): give hashing a whole core and no lockout.
DEMO_JAVA_OPTS="-Xmx256m ${MIXED_LOAD_JAVA_OPTS:-}" start_demo_war JWT_LOGIN_HASH_CPU=1 JWT_LOGIN_MAX_FAILURES=1000000 \
  JWT_LOGIN_MAX_FAILURES_PER_ADDRESS=1000000

heap_after_gc() {
  jcmd "$DEMO_PID" GC.run > /dev/null
  jcmd "$DEMO_PID" GC.heap_info | sed -nE 's/.*heap +total [0-9]+K, used ([0-9]+)K.*/\1/p' | head -1
}
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), demo -Xmx256m, ${SECONDS_TO_RUN} s"
echo "heap used after full GC before the run: $(heap_after_gc) KiB"
( while sleep 10; do echo "heap used after full GC: $(heap_after_gc) KiB"; done ) &
SAMPLER_PID=$!

status=0
timeout "$((SECONDS_TO_RUN + 120))" java -cp "$JAR" dev.jwtfilter.bench.MixedLoad run "$BASE" "$DATA" "$SECONDS_TO_RUN" || status=1
kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
echo "heap used after full GC after the run: $(heap_after_gc) KiB"
if grep -E 'SEVERE|Exception' "$DATA/err.log" "$DATA/out.log" > /dev/null; then
  echo "the demo logged errors:"; grep -E 'SEVERE|Exception' "$DATA/err.log" "$DATA/out.log" | head -5; status=1
fi
if [ "$status" != 0 ]; then
  mkdir -p benchmarks/target && cp "$DATA/err.log" benchmarks/target/mixed-load-demo.log
  echo "the demo's log is kept in benchmarks/target/mixed-load-demo.log"
fi
kill "$DEMO_PID"; wait "$DEMO_PID" 2>/dev/null || true; DEMO_PID="" # stopped, data kept for the check
java -cp "$JAR" dev.jwtfilter.bench.MixedLoad check "$DATA" || status=1
[ "$status" = 0 ] && echo "PASS" || echo "FAIL"
exit "$status"
