#!/usr/bin/env bash
# Timing of failed logins on the demo (127.0.0.1): an unknown user name against a wrong password for a
# known user, alternated, medians compared. Bounded: PAIRS pairs (default 50), one request at a time.
#
#   benchmarks/login-timing.sh [pairs]
set -euo pipefail
cd "$(dirname "$0")/.."

PAIRS="${1:-50}"
WAR=demo-webapp/target/jwt-demo.war
JAR=benchmarks/target/benchmarks.jar
[ -f "$WAR" ] && [ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package -pl demo-webapp,benchmarks -am
. benchmarks/demo.sh

# Every attempt fails on purpose: no lockout, and hashing may use a whole core so nothing waits in the gate.
start_demo_war JWT_LOGIN_HASH_CPU=1 JWT_LOGIN_MAX_FAILURES=1000000 JWT_LOGIN_MAX_FAILURES_PER_ADDRESS=1000000
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
java -cp "$JAR" dev.jwtfilter.bench.LoginTiming "$BASE" "$PAIRS"
