#!/usr/bin/env bash
# Three demo nodes behind HAProxy on one PostgreSQL, all on 127.0.0.1, with a node and the database failing
# under a mixed load (docs/cluster.md). Bounded: a warm-up and four phases of PHASE_SECONDS (default 25) plus
# start-up and the node's restart, three to six minutes in all. Exits non-zero when any verdict fails.
#
#   benchmarks/cluster.sh [PHASE_SECONDS]
#
# Phases: steady; node-down (node 2 SIGKILLed, restarted on its port after PHASE_SECONDS); database-down
# (PostgreSQL stopped for PHASE_SECONDS, started again on the same port and data directory); recovered.
# Needs Java 17, haproxy and PostgreSQL's server binaries (Debian: postgresql); installs the missing ones with
# apt-get when it can. Logs of a failed run are kept in benchmarks/target/cluster-logs.
set -euo pipefail
cd "$(dirname "$0")/.."

PHASE_SECONDS="${1:-25}"
REVOCATION_TTL_SECONDS=5 # the filter's default jwt.revocation.cache-ttl, which the demo keeps
PG_STOP_MODE="${PG_STOP_MODE:-fast}"
WAR=demo-webapp/target/jwt-demo.war
JAR=benchmarks/target/benchmarks.jar
NODES=3

say() { echo "[cluster $(date -u +%H:%M:%S)] $*"; }
die() { say "cannot run: $*" >&2; exit 2; }

# ---------------------------------------------------------------- what the run needs
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
    die "$1 is missing and this is not root on a Debian-like system: install $2 yourself"
  fi
  say "$1 is missing: apt-get install -y $2"
  (apt-get install -y "$2" > /dev/null 2>&1 || { apt-get update > /dev/null 2>&1 && apt-get install -y "$2" > /dev/null 2>&1; }) \
    || die "apt-get install -y $2 failed (no network to the Debian mirror?)"
}
command -v java > /dev/null || die "java (17 or later) is not on the PATH"
command -v curl > /dev/null || apt_install curl curl
command -v haproxy > /dev/null || apt_install haproxy haproxy
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1; }
[ -n "$(pg_bin)" ] || apt_install "PostgreSQL's server" postgresql
PGBIN="$(pg_bin)"
[ -x "$PGBIN/pg_ctl" ] || die "no pg_ctl in $PGBIN"
[ -f "$WAR" ] && [ -f "$JAR" ] || mvn -B -ntp -q -DskipTests package -pl demo-webapp,benchmarks -am

RUN="$(mktemp -d /tmp/jwt-cluster.XXXXXX)"
chmod 755 "$RUN"
if [ "$(id -u)" = 0 ]; then AS_PG=(runuser -u postgres --); else AS_PG=(); fi # PostgreSQL refuses to run as root

used_ports=" "
free_port() {
  local p
  while true; do
    p=$((20000 + RANDOM % 20000))
    case "$used_ports" in *" $p "*) continue ;; esac
    ss -Htln "sport = :$p" | grep -q . && continue
    used_ports="$used_ports$p "
    echo "$p"
    return
  done
}
PG_PORT=$(free_port); used_ports="$used_ports$PG_PORT "
LB_PORT=$(free_port); used_ports="$used_ports$LB_PORT "
NODE_PORT=()
for i in $(seq 1 $NODES); do NODE_PORT[i]=$(free_port); used_ports="$used_ports${NODE_PORT[i]} "; done

NODE_PID=()
LB_PID=""
LOAD_PID=""
status=1
cleanup() {
  set +e
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2> /dev/null
  for i in $(seq 1 $NODES); do [ -n "${NODE_PID[i]:-}" ] && kill "${NODE_PID[i]}" 2> /dev/null; done
  [ -n "$LB_PID" ] && kill "$LB_PID" 2> /dev/null
  for i in $(seq 1 $NODES); do [ -n "${NODE_PID[i]:-}" ] && wait "${NODE_PID[i]}" 2> /dev/null; done
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$RUN/pg/data" -m immediate stop > /dev/null 2>&1
  if [ "$status" != 0 ]; then
    rm -rf benchmarks/target/cluster-logs && mkdir -p benchmarks/target/cluster-logs
    cp "$RUN"/*.log "$RUN"/haproxy.cfg "$RUN/pg/log" benchmarks/target/cluster-logs/ 2> /dev/null
    say "logs kept in benchmarks/target/cluster-logs"
  fi
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- PostgreSQL
PGDATA="$RUN/pg/data"
mkdir -p "$RUN/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$RUN/pg"
"${AS_PG[@]}" "$PGBIN/initdb" -D "$PGDATA" -A trust -U jwt -E UTF8 --no-sync > "$RUN/pg/initdb.log" 2>&1 \
  || { cat "$RUN/pg/initdb.log"; die "initdb failed"; }
pg_start() {
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$RUN/pg/log" -w -t 60 \
    -o "-p $PG_PORT -k $RUN/pg -c listen_addresses=127.0.0.1 -c max_connections=60" start > /dev/null
}
pg_stop() { "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m "$PG_STOP_MODE" -w -t 60 stop > /dev/null; }
pg_start
"${AS_PG[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U jwt jwt
JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/jwt"
# The nodes' driver gives up connecting after 2 s and waiting for an answer after 10 s (Hikari's pool waits 2 s
# for a connection): no request can hang on the database longer than that.
NODE_JDBC_URL="$JDBC_URL?connectTimeout=2&socketTimeout=10"
say "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

# ---------------------------------------------------------------- the nodes
mkdir -p "$RUN/keys"
java -cp "$JAR" dev.jwtfilter.bench.ClusterLoad keys "$RUN/keys/signing-keys.json"
start_node() {
  local i=$1
  mkdir -p "$RUN/node$i"
  env JWT_DEMO_DATA="$RUN/node$i" JWT_DB_URL="$NODE_JDBC_URL" JWT_DB_USER=jwt \
    JWT_SIGNING_KEY_FILE="$RUN/keys/signing-keys.json" JWT_ISSUER="http://localhost:$LB_PORT" \
    JWT_LOGIN_HASH_CPU=1 JWT_LOGIN_MAX_FAILURES=1000000 JWT_LOGIN_MAX_FAILURES_PER_ADDRESS=1000000 \
    java -Xmx256m -XX:+UseSerialGC -jar "$WAR" --port "${NODE_PORT[i]}" >> "$RUN/node$i.log" 2>&1 &
  NODE_PID[i]=$!
}
wait_node() {
  local i=$1 n
  for n in $(seq 1 240); do
    curl -sf -o /dev/null -m 2 "http://127.0.0.1:${NODE_PORT[i]}/api/health" && return 0
    kill -0 "${NODE_PID[i]}" 2> /dev/null || { tail -20 "$RUN/node$i.log"; die "node $i exited"; }
    sleep 0.5
  done
  die "node $i did not answer /api/health in 120 s"
}
for i in $(seq 1 $NODES); do start_node "$i"; wait_node "$i"; done # one by one: they create the tables
say "nodes on 127.0.0.1:${NODE_PORT[*]} (pids ${NODE_PID[*]}), -Xmx256m each"

# ---------------------------------------------------------------- the balancer
cat > "$RUN/haproxy.cfg" << EOF
global
    maxconn 1024
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 15s
    timeout check 2s
    # A request the dead node never took is sent to another; one it took is retried only when presenting it again
    # is harmless: a GET without a DPoP proof (a proof is good once: the dead node may have recorded it already).
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
frontend api
    bind 127.0.0.1:$LB_PORT
    http-request disable-l7-retry if METH_POST
    http-request disable-l7-retry if { req.hdr(DPoP) -m found }
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk GET /api/health
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
EOF
for i in $(seq 1 $NODES); do echo "    server node$i 127.0.0.1:${NODE_PORT[i]} check" >> "$RUN/haproxy.cfg"; done
haproxy -c -q -f "$RUN/haproxy.cfg" || die "haproxy rejects its configuration"
haproxy -db -f "$RUN/haproxy.cfg" >> "$RUN/haproxy.log" 2>&1 &
LB_PID=$!
for n in $(seq 1 40); do curl -sf -o /dev/null -m 2 "http://127.0.0.1:$LB_PORT/api/health" && break; sleep 0.5; done
say "$(haproxy -v | head -1 | awk '{print "HAProxy", $3}') round robin on 127.0.0.1:$LB_PORT, health check GET /api/health"

# ---------------------------------------------------------------- the run
NODE_URLS=""
for i in $(seq 1 $NODES); do NODE_URLS="$NODE_URLS${NODE_URLS:+,}http://127.0.0.1:${NODE_PORT[i]}"; done
phase() { echo "$1" > "$RUN/phase.tmp" && mv "$RUN/phase.tmp" "$RUN/phase"; say "phase $1"; }
say "machine: $(nproc) cores, load $(uptime | sed 's/.*load average: //'), $(java -version 2>&1 | head -1)"
phase warm-up
timeout $((PHASE_SECONDS * 8 + 300)) java -Djdk.httpclient.allowRestrictedHeaders=host,connection -Xmx256m \
  -cp "$JAR" dev.jwtfilter.bench.ClusterLoad run "http://127.0.0.1:$LB_PORT" "$NODE_URLS" "$RUN/keys" "$RUN" \
  "$JDBC_URL" jwt "$REVOCATION_TTL_SECONDS" > "$RUN/load.out" 2> "$RUN/load.log" &
LOAD_PID=$!
for n in $(seq 1 120); do [ -f "$RUN/ready" ] && break; kill -0 "$LOAD_PID" 2> /dev/null || break; sleep 0.5; done
[ -f "$RUN/ready" ] || { cat "$RUN/load.out" "$RUN/load.log"; die "the load client did not start"; }

sleep "$PHASE_SECONDS" # the load runs, and the JVMs compile its paths before anything is measured as steady
phase steady
sleep "$PHASE_SECONDS"

phase node-down
kill -KILL "${NODE_PID[2]}"; wait "${NODE_PID[2]}" 2> /dev/null || true
say "node 2 (port ${NODE_PORT[2]}) killed with SIGKILL"
sleep "$PHASE_SECONDS"
start_node 2; wait_node 2
sleep 3 # two health checks a second apart, and the balancer sends it traffic again
say "node 2 restarted (pid ${NODE_PID[2]}) and back in the balancer"

phase database-down
pg_stop
say "PostgreSQL stopped ($PG_STOP_MODE)"
sleep "$PHASE_SECONDS"
pg_start
say "PostgreSQL started again on the same port and data directory"

phase recovered
sleep "$PHASE_SECONDS"
phase done

load_status=0
wait "$LOAD_PID" || load_status=$?
say "load at the end: $(uptime | sed 's/.*load average: //')"
LOAD_PID=""
cat "$RUN/load.out"
if [ -s "$RUN/load.log" ]; then
  echo "what went wrong, first lines (all in load.log):"; head -20 "$RUN/load.log"
fi
# A stack trace or SEVERE line logged by the library or the demo is a finding in itself (they log none); HikariCP
# logs one trace when it finds a connection the database closed, which is counted apart.
log_counts() {
  awk '/^[A-Z][a-z][a-z] [0-9]+, [0-9][0-9][0-9][0-9] / { ours = ($6 ~ /^dev\.jwtfilter/) }
       /^SEVERE/ || /^[[:space:]]+at [a-z]/ { if (ours) o++; else t++ }
       END { printf "%d %d\n", o, t }' "$RUN"/node*.log
}
read -r traces other_traces < <(log_counts)
echo "VERDICT node logs: $traces stack-trace or SEVERE lines from dev.jwtfilter loggers ($other_traces from HikariCP's)  $([ "$traces" = 0 ] && echo PASS || echo FAIL)"
if [ "$load_status" = 0 ] && [ "$traces" = 0 ]; then status=0; echo "CLUSTER RUN PASSED"; else echo "CLUSTER RUN FAILED"; fi
exit "$status"
