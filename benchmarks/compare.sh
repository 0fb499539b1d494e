#!/usr/bin/env bash
# Side-by-side cost of one JWT verification (issue 20), in one JMH run per JDK, and the same question over HTTP.
#
#   benchmarks/compare.sh quick            check that everything runs (1 fork, 1x1 s warm-up, 2x1 s measurement)
#   benchmarks/compare.sh full             the figures (2 forks, 5x2 s warm-up, 5x2 s measurement)
#   benchmarks/compare.sh one              as full with one fork: about half the time (the docs' figures)
#   benchmarks/compare.sh full -p side=javajwt,oursMiss     extra arguments go to JMH as they are
#   benchmarks/compare.sh http [seconds] [rounds]            the demo over HTTP: /api/ping (token) against /api/health
#   benchmarks/compare.sh table benchmarks/target/compare/*.json             the tables again, from saved JMH results
#
# JMH modes: builds benchmarks/target/benchmarks.jar (SKIP_BUILD=1 reuses it), runs CompareBenchmark (HS256, RS256,
# ES256 x the JDK floor, Nimbus, java-jwt, jjwt, SmallRye JWT, jwt-filter miss and hit) and CompareDPoPBenchmark
# (ES256 DPoP proof: JDK floor, jwt-filter, Nimbus) with -prof gc, on Java 17 (JAVA17, default: `java` on the PATH)
# and, when it exists, on Java 25 (JAVA25, default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; JAVA25=none skips it).
# Prints one markdown table per JDK: us/op, B/op, and each side's time against java-jwt's and the JDK floor's.
# JSON results and tables stay in benchmarks/target/compare/. Time, on a quiet 2-core machine: quick about 3 min per
# JDK (7 min at a load average of 22); full about 20 min per JDK (24 benchmarks x 2 forks x 20 s of iterations, plus
# JVM start and setup), so about 40 min with both JDKs.
# Every JMH run is bounded by `timeout` (quick 30 min, one 60 min, full 90 min per JDK).
#
# HTTP mode: see http_mode below. Needs wrk and curl; builds the demo WAR if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-quick}"
[ $# -gt 0 ] && shift
OUT=benchmarks/target/compare
JAR=benchmarks/target/benchmarks.jar
JAVA17="${JAVA17:-java}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"

die() { echo "compare.sh: $*" >&2; exit 2; }

build_jar() {
  if [ "${SKIP_BUILD:-0}" = 1 ] && [ -f "$JAR" ]; then return; fi
  echo "building $JAR ..." >&2
  mvn -B -ntp -q -pl benchmarks -am package -Dmaven.test.skip=true -Dspotless.check.skip=true >&2
}

# table JSON -> markdown: time and allocation per side and algorithm, then ratios against java-jwt and the floor.
table() {
  jq -r '.[] | [(.benchmark | sub(".*\\."; "") ), (.benchmark | test("DPoP") | if . then "DPoP-ES256" else "" end),
      (.params.algorithm // ""), .params.side, .primaryMetric.score,
      ([.secondaryMetrics | to_entries[] | select(.key | test("alloc.rate.norm")) | .value.score] | first // -1)]
      | @tsv' "$1" | awk -F'\t' '
    { a = ($2 != "") ? $2 : $3; s = $4; us[a, s] = $5; b[a, s] = $6
      if (!(a in seenA)) { seenA[a] = 1; algs[++na] = a }
      if (!(s in seenS)) { seenS[s] = 1; sides[++ns] = s } }
    function fmt(x) { return x >= 100 ? sprintf("%.0f", x) : (x >= 10 ? sprintf("%.1f", x) : (x >= 1 ? sprintf("%.2f", x) : sprintf("%.3f", x))) }
    function kb(x) { return x < 0 ? "?" : (x >= 1024 ? sprintf("%.1f KB", x / 1024) : sprintf("%.0f B", x)) }
    function ratio(x, y) { return (y == "" || y <= 0) ? "-" : (x / y >= 0.1 ? sprintf("%.2fx", x / y) : (x / y >= 0.001 ? sprintf("%.3fx", x / y) : (x == 0 ? "0x" : "<0.001x"))) }
    END {
      head = "| per verification |"; rule = "|---|"
      for (i = 1; i <= na; i++) { head = head " " algs[i] " |"; rule = rule "---|" }
      print "Time and allocation per verification (us/op, B/op):"; print ""; print head; print rule
      for (j = 1; j <= ns; j++) {
        line = "| " sides[j] " |"
        for (i = 1; i <= na; i++) {
          k = (algs[i] SUBSEP sides[j])
          line = line " " ((k in us) ? fmt(us[k]) " us, " kb(b[k]) : "") " |"
        }
        print line
      }
      print ""; print "Time against java-jwt / against the JDK floor (DPoP: against Nimbus / the floor):"; print ""
      print head; print rule
      for (j = 1; j <= ns; j++) {
        line = "| " sides[j] " |"
        for (i = 1; i <= na; i++) {
          k = (algs[i] SUBSEP sides[j])
          peer = (algs[i] ~ /DPoP/) ? "nimbus" : "javajwt"
          line = line " " ((k in us) ? ratio(us[k], us[algs[i], peer]) " / " ratio(us[k], us[algs[i], "jdk"]) : "") " |"
        }
        print line
      }
      print ""; print "Allocation against java-jwt (DPoP: against Nimbus):"; print ""; print head; print rule
      for (j = 1; j <= ns; j++) {
        line = "| " sides[j] " |"
        for (i = 1; i <= na; i++) {
          k = (algs[i] SUBSEP sides[j])
          peer = (algs[i] ~ /DPoP/) ? "nimbus" : "javajwt"
          line = line " " ((k in b) ? ratio(b[k], b[algs[i], peer]) : "") " |"
        }
        print line
      }
    }'
}

jmh_mode() {
  local settings
  case "$MODE" in
    quick) settings=(-f 1 -wi 1 -w 1s -i 2 -r 1s); LIMIT=30m ;;
    full)  settings=(-f 2 -wi 5 -w 2s -i 5 -r 2s); LIMIT=90m ;;
    one)   settings=(-f 1 -wi 5 -w 2s -i 5 -r 2s); LIMIT=60m ;;
  esac
  command -v jq >/dev/null || die "jq is not installed: apt-get install -y jq"
  build_jar
  mkdir -p "$OUT"
  local stamp jdks=("17:$JAVA17") name java json started
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  if [ "$JAVA25" != none ] && [ -x "$JAVA25" ]; then jdks+=("25:$JAVA25"); fi
  echo "# compare.sh $MODE $* on $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
  for entry in "${jdks[@]}"; do
    name="${entry%%:*}"; java="${entry#*:}"
    json="$OUT/$stamp-java$name.json"
    started=$SECONDS
    echo "## Java $name: $("$java" -version 2>&1 | head -1)"
    echo "java -jar $JAR '\\.Compare(DPoP)?Benchmark\\.' -prof gc ${settings[*]} $*"
    timeout "$LIMIT" "$java" -jar "$JAR" '\.Compare(DPoP)?Benchmark\.' -prof gc -foe true "${settings[@]}" "$@" \
        -rf json -rff "$json" > "$OUT/$stamp-java$name.log" 2>&1 \
      || { tail -40 "$OUT/$stamp-java$name.log" >&2; die "JMH failed on Java $name (log: $OUT/$stamp-java$name.log)"; }
    echo
    table "$json" | tee "$OUT/$stamp-java$name.md"
    echo
    echo "(Java $name: $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s; log and JSON in $OUT/$stamp-java$name.*)"
    echo
  done
}

# HTTP: the demo WAR on a free loopback port, one login, then /api/health (public, no token) and /api/ping (the same
# answer behind the filter, with the one valid token again and again: the cache-hit path) alternately under wrk.
#   benchmarks/compare.sh http [seconds-per-run, default 10] [rounds, default 5]
#   ALG=HS256|RS256|ES256 (default RS256), WARMUP (default 20 s per endpoint, never under 15), THREADS, CONNECTIONS
http_mode() {
  local duration="${1:-10}" rounds="${2:-5}" alg="${ALG:-RS256}" warmup="${WARMUP:-20}"
  local threads="${THREADS:-1}" connections="${CONNECTIONS:-16}"
  [ "$warmup" -ge 15 ] || die "WARMUP must be at least 15 s"
  command -v wrk >/dev/null || die "wrk is not installed: apt-get install -y wrk"
  command -v curl >/dev/null || die "curl is not installed: apt-get install -y curl"
  WAR=demo-webapp/target/jwt-demo.war
  if [ ! -f "$WAR" ] || [ "${BUILD_WAR:-0}" = 1 ]; then
    echo "building $WAR ..." >&2
    mvn -B -ntp -q -pl demo-webapp -am package -Dmaven.test.skip=true -Dspotless.check.skip=true >&2
  fi
  # shellcheck source=benchmarks/demo.sh
  . benchmarks/demo.sh
  case "$alg" in
    HS256) start_demo_war JWT_HMAC_SECRET="compare-http-shared-secret-of-at-least-32-bytes" ;;
    *)     start_demo_war JWT_SIGNING_ALG="$alg" ;;
  esac
  local token
  token="$(curl -s -X POST "$BASE/auth/login" -H 'Content-Type: application/json' \
      -d '{"username":"alice","password":"alice-demo-pass"}' | sed -nE 's/.*"access_token":"([^"]+)".*/\1/p')"
  [ -n "$token" ] || die "login to the demo failed"
  http_checks "$token"

  echo "# compare.sh http on $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), $("${JAVA17}" -version 2>&1 | head -1), demo $alg"
  echo "# wrk -t$threads -c$connections, ${warmup} s warm-up per endpoint, $rounds alternating rounds of ${duration} s"
  run_wrk "$warmup" "$BASE/api/health" > /dev/null
  run_wrk "$warmup" "$BASE/api/ping" "$token" > /dev/null
  : > "$DATA/h"; : > "$DATA/p"
  local r
  for r in $(seq 1 "$rounds"); do
    run_wrk "$duration" "$BASE/api/health" >> "$DATA/h"
    run_wrk "$duration" "$BASE/api/ping" "$token" >> "$DATA/p"
  done
  echo "# per round (req/s, p99 ms): health: $(tr '\n' ';' < "$DATA/h") ping: $(tr '\n' ';' < "$DATA/p")"
  local hr pr hl pl
  hr=$(cut -d' ' -f1 "$DATA/h" | median); pr=$(cut -d' ' -f1 "$DATA/p" | median)
  hl=$(cut -d' ' -f2 "$DATA/h" | median); pl=$(cut -d' ' -f2 "$DATA/p" | median)
  echo
  echo "| medians of $rounds runs | req/s | p99 |"
  echo "|---|---|---|"
  printf "| /api/health (public, no token) | %.0f | %.2f ms |\n" "$hr" "$hl"
  printf "| /api/ping (filter, repeated valid token) | %.0f | %.2f ms |\n" "$pr" "$pl"
  printf "| ping / health | %.3fx (target >= 0.95x) | %.3fx (target <= 1.1x) |\n" "$(div "$pr" "$hr")" "$(div "$pl" "$hl")"
}

# Refuses to measure unless /api/ping is protected (401 without a token, with a challenge), answers 200 with it,
# and /api/health answers 200 without one, with answers of comparable size (so wrk compares like with like).
http_checks() {
  local token="$1" anon ok health
  anon=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/ping")
  ok=$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{size_header}' -H "Authorization: Bearer $token" "$BASE/api/ping")
  health=$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{size_header}' "$BASE/api/health")
  echo "# checks: /api/ping without a token: HTTP $anon; with the token: HTTP/body/header bytes $ok; /api/health: $health"
  [ "$anon" = 401 ] || die "/api/ping answers $anon without a token: not protected, nothing to measure"
  [ "${ok%% *}" = 200 ] || die "/api/ping answers ${ok%% *} with a valid token"
  [ "${health%% *}" = 200 ] || die "/api/health answers ${health%% *}"
  local pb hb
  pb=$(echo "$ok" | awk '{print $2 + $3}'); hb=$(echo "$health" | awk '{print $2 + $3}')
  awk -v a="$pb" -v b="$hb" 'BEGIN {d = a - b; if (d < 0) d = -d; exit !(d <= 0.1 * b)}' \
    || die "the answers differ in size ($pb against $hb bytes): not the same answer"
}

# run_wrk SECONDS URL [token] -> "<requests/s> <p99 in ms>"; fails on any non-2xx answer or socket error
run_wrk() {
  local seconds="$1" url="$2" token="${3:-}"
  local args=(-t"${THREADS:-1}" -c"${CONNECTIONS:-16}" -d"${seconds}s" --latency)
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  wrk "${args[@]}" "$url" | awk '
    /Requests\/sec/ {rps=$2}
    $1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); p=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); p=v} else if (v ~ /s$/) {sub(/s$/,"",v); p=v*1000}}
    /Non-2xx or 3xx responses/ {bad=$5}
    /Socket errors/ {err=$0}
    END {if (bad > 0) {print "wrk saw " bad " non-2xx answers" > "/dev/stderr"; exit 1}
         if (err != "") print "wrk: " err > "/dev/stderr"
         printf "%s %.3f\n", rps, p}'
}

div() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

case "$MODE" in
  quick|full|one) jmh_mode "$@" ;;
  http) http_mode "$@" ;;
  table) for f in "$@"; do echo "## $f"; echo; table "$f"; echo; done ;;
  *) die "usage: compare.sh quick|full|one [JMH arguments] | http [seconds] [rounds] | table RESULT.json..." ;;
esac
