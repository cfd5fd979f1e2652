#!/usr/bin/env bash
# `ferry serve` under load: CLIENTS (50) concurrent API clients for DURATION (30) seconds against
# the read endpoints (and one call in 50 a Sync now), while the pipeline `ticker` (ROWS rows,
# SQLite to SQLite) runs every EVERY (5) seconds. Prints the request count per status, 5xx (must
# be 0), p50/p99 latency, the server's peak RSS (VmHWM) and how late the runs started against the
# schedule. Not a timed test: run it by hand, with nothing else busy on the machine.
#
# The pipeline carries `schedule: {every: 5s}`. When the server runs schedules, they start the runs;
# when it does not (no run within EVERY + 5 s of starting), this script calls Sync now every EVERY
# seconds instead, and the lateness printed is then that of its own calls.
#
# Settings (environment): CLIENTS, DURATION, EVERY, ROWS, PORT (18080), FERRY_HEAP (256m),
# FERRY_SERVE_OPTS (more `ferry serve` options, e.g. a rate limit above the load), SKIP_BUILD=1,
# WORK (a scratch folder; a new one under /tmp by default), JAVA (a JDK 21+ java).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
WORK=${WORK:-$(mktemp -d /tmp/ferry-server-load.XXXXXX)}
FERRY_JAR=${FERRY_JAR:-$REPO_DIR/cli/target/ferry.jar}
FERRY_HEAP=${FERRY_HEAP:-256m}
CLIENTS=${CLIENTS:-50}
DURATION=${DURATION:-30}
EVERY=${EVERY:-5}
ROWS=${ROWS:-20000}
PORT=${PORT:-18080}
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"
select_java
command -v sqlite3 >/dev/null || die "sqlite3 not found (Debian/Ubuntu: sudo apt-get install sqlite3)"
command -v curl >/dev/null || die "curl not found (Debian/Ubuntu: sudo apt-get install curl)"

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building $FERRY_JAR"
    (cd "$REPO_DIR" && JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")") \
        ./mvnw -q package -pl cli -am -DskipTests)
fi
[[ -f $FERRY_JAR ]] || die "$FERRY_JAR not found"

log "work folder $WORK: source with $ROWS rows, pipelines ticker (every ${EVERY}s) and adhoc (Sync now)"
mkdir -p "$WORK/pipelines" "$WORK/data"
rm -f "$WORK"/*.db
sqlite3 "$WORK/source.db" "create table items (id integer primary key, name text not null, amount real, seq integer not null);
  with recursive n(i) as (select 1 union all select i + 1 from n where i < $ROWS)
  insert into items select i, 'item ' || i, i * 1.5, i from n;"
for name in ticker adhoc; do
    schedule=""
    [[ $name == ticker ]] && schedule="schedule: {every: ${EVERY}s}"
    cat >"$WORK/pipelines/$name.yml" <<YAML
pipeline: $name
connections:
  src: {url: "jdbc:sqlite:$WORK/source.db"}
  dst: {url: "jdbc:sqlite:$WORK/$name-destination.db"}
source: src
destination: dst
$schedule
streams:
  - table: items
YAML
done

JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")
export JAVA_HOME FERRY_JAR FERRY_HEAP
STATE="jdbc:sqlite:$WORK/state.db"
TOKEN=$("$REPO_DIR/ferry" token create --name bench --role operator --state "$STATE" 2>/dev/null | tail -n 1)
[[ $TOKEN == *[A-Za-z0-9]* ]] || die "no token created"

URL="http://127.0.0.1:$PORT"
curl -s -o /dev/null "$URL/health" && die "something already answers on port $PORT: stop it or set PORT"
# Started directly (not through a function) so that $! is the launcher, which execs the JVM: the server's pid.
# shellcheck disable=SC2086
"$REPO_DIR/ferry" serve --port "$PORT" --pipelines "$WORK/pipelines" --state "$STATE" --data "$WORK/data" \
    ${FERRY_SERVE_OPTS:-} >"$WORK/serve.log" 2>&1 &
SERVER=$!
TRIGGER=""
cleanup() {
    [[ -n $TRIGGER ]] && kill "$TRIGGER" 2>/dev/null || true
    kill -TERM "$SERVER" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 120); do
    curl -fs "$URL/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; die "ferry serve exited"; }
    sleep 0.5
done
curl -fs "$URL/health" >/dev/null || die "no /health answer on $URL"
log "ferry serve (pid $SERVER) answers on $URL"

api() { curl -fsS -H "Authorization: Bearer $TOKEN" "$@"; }
runs_of_ticker() { api "$URL/api/runs?pipeline=ticker&limit=1000" | grep -o '"id":' | wc -l; }
sleep $((EVERY + 5))
if [[ $(runs_of_ticker) -gt 0 ]]; then
    MODE="the server's schedule (every ${EVERY}s)"
else
    MODE="this script's Sync now every ${EVERY}s (the server ran no schedule)"
    (
        next=$(date +%s%N)
        while true; do
            curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
                -d '{}' "$URL/api/pipelines/ticker/runs" || true
            next=$((next + EVERY * 1000000000))
            now=$(date +%s%N)
            ((next > now)) && sleep "$(awk -v n=$((next - now)) 'BEGIN { printf "%.3f", n / 1e9 }')"
        done
    ) &
    TRIGGER=$!
    sleep 1
fi
log "runs of ticker started by $MODE"

log "$CLIENTS clients for ${DURATION}s"
"$JAVA" -cp "$FERRY_JAR" "$BENCH_DIR/ServerLoad.java" load "$URL" "$TOKEN" "$CLIENTS" "$DURATION" adhoc | tee "$WORK/load.txt"
[[ -n $TRIGGER ]] && { kill "$TRIGGER" 2>/dev/null || true; TRIGGER=""; }

PEAK_KB=$(awk '/^VmHWM/ { print $2 }' "/proc/$SERVER/status")
"$JAVA" -cp "$FERRY_JAR" "$BENCH_DIR/ServerLoad.java" lateness "$URL" "$TOKEN" ticker "$EVERY" | tee "$WORK/lateness.txt"
printf 'peak RSS      %.1f MB (VmHWM of the server, heap %s)\n' "$(awk -v k="$PEAK_KB" 'BEGIN { print k / 1024 }')" "$FERRY_HEAP"
printf 'runs by       %s\n' "$MODE"

t0=$(date +%s%N)
kill -TERM "$SERVER"
status=0
wait "$SERVER" || status=$?
printf 'SIGTERM       exit %d after %s s\n' "$status" "$(seconds "$t0" "$(date +%s%N)")"
printf 'machine       %s CPUs (%s), %s RAM, %s\n' "$(nproc)" \
    "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)" \
    "$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)" "$("$JAVA" -version 2>&1 | head -n 1)"
grep -q '^5xx           0$' "$WORK/load.txt" || { echo "FAIL: the server answered 5xx" >&2; exit 1; }
