# Sourced by the scripts in benchmarks/. start_demo_war [NAME=value ...] starts $WAR (java -jar, options in
# DEMO_JAVA_OPTS) with a fresh data directory and the given settings on a free 127.0.0.1 port, and sets
# DEMO_PID, DATA and BASE. stop_demo_war stops it and removes its data; sourcing this traps it on EXIT.
DEMO_PID=""
DATA=""
stop_demo_war() {
  [ -n "$DEMO_PID" ] && kill "$DEMO_PID" 2>/dev/null && wait "$DEMO_PID" 2>/dev/null || true
  [ -n "$DATA" ] && rm -rf "$DATA"
  DEMO_PID=""; DATA=""
}
trap stop_demo_war EXIT

start_demo_war() {
  DATA="$(mktemp -d)"
  # Created before the JVM starts: on a busy machine the loop below can read it before the shell redirects into it.
  : > "$DATA/out.log"
  # shellcheck disable=SC2086
  env JWT_DEMO_DATA="$DATA" "$@" java ${DEMO_JAVA_OPTS:-} -jar "$WAR" --port 0 > "$DATA/out.log" 2> "$DATA/err.log" &
  DEMO_PID=$!
  BASE=""
  local i
  for i in $(seq 1 120); do
    BASE="$(sed -nE 's/.*listening on (http:[^ ]+).*/\1/p' "$DATA/out.log" | head -1)"
    [ -n "$BASE" ] && break
    kill -0 "$DEMO_PID" 2>/dev/null || { cat "$DATA/err.log" >&2; exit 1; }
    sleep 0.5
  done
  [ -n "$BASE" ] || { echo "demo did not start" >&2; exit 1; }
  BASE="${BASE/localhost/127.0.0.1}"
}
