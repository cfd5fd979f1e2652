#!/usr/bin/env bash
# The dashboard's page times with a long history: `ferry serve` (the packaged jar, FERRY_HEAP 256m)
# on a SQLite state store holding PIPELINES (100) pipelines and RUNS (100,000) runs spread over the
# last 30 days (about 5% failed, 0.5% cancelled, one to four streams a run with their counts, two log
# lines a run). The runs are written straight into the state store's tables with SQL, after the
# server has created its schema. A user made with `ferry user create` signs in through the sign-in
# form, and each page is fetched WARMUP (3) times, then REQUESTS (20) times with curl, one at a time.
# Prints the median and p95 of each page in ms and exits 1 when a page's p95 reaches TARGET_MS (200).
# Pages the server does not have (404) are listed as absent, not timed.
#
# Settings (environment): PIPELINES, RUNS, REQUESTS, WARMUP, TARGET_MS, PORT (18081), FERRY_HEAP (256m),
# SKIP_BUILD=1, WORK (a scratch folder; a new one under /tmp by default), JAVA (a JDK 21+ java).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
WORK=${WORK:-$(mktemp -d /tmp/ferry-dashboard.XXXXXX)}
FERRY_JAR=${FERRY_JAR:-$REPO_DIR/cli/target/ferry.jar}
FERRY_HEAP=${FERRY_HEAP:-256m}
PIPELINES=${PIPELINES:-100}
RUNS=${RUNS:-100000}
REQUESTS=${REQUESTS:-20}
WARMUP=${WARMUP:-3}
TARGET_MS=${TARGET_MS:-200}
PORT=${PORT:-18081}
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

log "work folder $WORK: $PIPELINES pipelines, $RUNS runs"
mkdir -p "$WORK/pipelines" "$WORK/data"
rm -f "$WORK"/*.db "$WORK"/*.db-*
STREAMS=(orders customers items payments)
sqlite3 "$WORK/source.db" "$(for s in "${STREAMS[@]}"; do
    echo "create table $s (id integer primary key, name text not null); insert into $s values (1, 'one'), (2, 'two');"
done)"
for ((p = 0; p < PIPELINES; p++)); do
    name=$(printf 'pipeline-%03d' "$p")
    schedule=""
    # A third runs daily (first due a day after the server starts), a tenth after another pipeline.
    if ((p % 3 == 0)); then
        schedule=$'schedule:\n  every: 24h\n  catch_up: none'
    elif ((p % 10 == 1)); then
        schedule=$'schedule:\n  after: ['"$(printf 'pipeline-%03d' $((p - 1)))"']'
    fi
    {
        printf 'pipeline: %s\nconnections:\n  src: {url: "jdbc:sqlite:%s/source.db"}\n' "$name" "$WORK"
        printf '  dst: {url: "jdbc:sqlite:%s/dst-%s.db"}\nsource: src\ndestination: dst\n%s\nstreams:\n' \
            "$WORK" "$name" "$schedule"
        for ((s = 0; s <= p % 4; s++)); do printf '  - table: %s\n' "${STREAMS[$s]}"; done
    } >"$WORK/pipelines/$name.yml"
done

JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")
export JAVA_HOME FERRY_JAR FERRY_HEAP
STATE="jdbc:sqlite:$WORK/state.db"
URL="http://127.0.0.1:$PORT"
curl -s -o /dev/null "$URL/health" && die "something already answers on port $PORT: stop it or set PORT"
# Started directly (not through a function) so that $! is the launcher, which execs the JVM: the server's pid.
"$REPO_DIR/ferry" serve --port "$PORT" --pipelines "$WORK/pipelines" --state "$STATE" --data "$WORK/data" \
    >"$WORK/serve.log" 2>&1 &
SERVER=$!
cleanup() { kill -TERM "$SERVER" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 120); do
    curl -fs "$URL/health" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; die "ferry serve exited"; }
    sleep 0.5
done
curl -fs "$URL/health" >/dev/null || die "no /health answer on $URL"
log "ferry serve (pid $SERVER) answers on $URL; writing the history"

# The history, straight into the state store's tables (the server made them): run i starts at an even
# step through the last 30 days, of a random pipeline; its streams are the pipeline's.
NOW_MS=$(($(date +%s) * 1000))
START_MS=$((NOW_MS - 30 * 86400 * 1000))
STEP_MS=$((30 * 86400 * 1000 / RUNS))
t0=$(date +%s%N)
sqlite3 "$WORK/state.db" <<SQL
.timeout 30000
BEGIN IMMEDIATE;
CREATE TEMP TABLE gen AS
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $RUNS)
  SELECT i, abs(random()) % $PIPELINES AS p, abs(random()) % 1000 AS r, 500 + abs(random()) % 120000 AS took,
         $START_MS + i * $STEP_MS + abs(random()) % $STEP_MS AS started
  FROM n;
CREATE TEMP TABLE names (pos INTEGER, name TEXT);
INSERT INTO names VALUES (0, 'orders'), (1, 'customers'), (2, 'items'), (3, 'payments');
INSERT INTO ferry_run (id, pipeline, trigger_by, started_at, ended_at, status, error, host, pid)
  SELECT i, printf('pipeline-%03d', p), CASE WHEN r % 3 = 0 THEN 'api:ops' ELSE 'schedule' END, started,
         started + took,
         CASE WHEN r < 50 THEN 'FAILED' WHEN r < 55 THEN 'CANCELLED' ELSE 'SUCCEEDED' END,
         CASE WHEN r < 50 THEN CASE r % 5
                WHEN 0 THEN 'orders: connection refused: db-' || (p % 7) || '.internal:5432'
                WHEN 1 THEN 'customers: column email is too long for the destination (varchar(120)) in row ' || (i % 9973)
                WHEN 2 THEN 'items: timeout after 30 s reading the source'
                WHEN 3 THEN 'payments: duplicate key value violates unique constraint payments_pkey'
                ELSE 'more than 25 rows set aside in the quarantine (max_bad_rows)' END
              WHEN r < 55 THEN 'cancelled by ops' END,
         'bench-host', 4242
  FROM gen;
INSERT INTO ferry_run_stream (run_id, stream, position, rows_read, rows_written, rows_deleted, rows_failed,
                              rows_skipped, rows_inserted, rows_updated, started_at, ended_at, error)
  SELECT i, name, pos, rd, rd / 10 + rd / 20, 0, CASE WHEN r < 50 AND pos = 0 THEN r % 5 ELSE 0 END,
         rd - rd / 10 - rd / 20, rd / 10, rd / 20, started + pos * (took / 4), started + (pos + 1) * (took / 4),
         CASE WHEN r < 50 AND pos = 0 THEN 'failed' END
  FROM (SELECT g.*, s.pos, s.name, abs(random()) % 50000 AS rd FROM gen g JOIN names s ON s.pos <= g.p % 4);
INSERT INTO ferry_run_log (run_id, at, level, stream, message)
  SELECT i, started, 'INFO', NULL, 'run ' || i || ' of pipeline ' || printf('pipeline-%03d', p) || ' started' FROM gen;
INSERT INTO ferry_run_log (run_id, at, level, stream, message)
  SELECT i, started + took, CASE WHEN r < 50 THEN 'ERROR' ELSE 'INFO' END, NULL,
         'run ' || i || CASE WHEN r < 50 THEN ' failed' WHEN r < 55 THEN ' cancelled' ELSE ' succeeded' END FROM gen;
COMMIT;
ANALYZE;
SQL
log "history written in $(seconds "$t0" "$(date +%s%N)") s: $(sqlite3 "$WORK/state.db" 'select count(*) from ferry_run') runs, \
$(sqlite3 "$WORK/state.db" 'select count(*) from ferry_run_stream') stream runs"

PASSWORD=bench-password-$RANDOM$RANDOM
BENCH_PASSWORD=$PASSWORD "$REPO_DIR/ferry" user create --name bench --role admin --password-env BENCH_PASSWORD \
    --state "$STATE" >/dev/null
JAR_COOKIES="$WORK/cookies.txt"
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR_COOKIES" -b "$JAR_COOKIES" \
    --data-urlencode name=bench --data-urlencode "password=$PASSWORD" "$URL/signin")
[[ $status == 303 ]] || die "signing in answered $status"
log "signed in as bench (admin)"

FAILED_RUN=$(sqlite3 "$WORK/state.db" "select max(id) from ferry_run where status = 'FAILED'")
WEEK_FROM=$(date -u -d '@'$(((NOW_MS / 1000) - 14 * 86400)) +%F)
WEEK_TO=$(date -u -d '@'$(((NOW_MS / 1000) - 8 * 86400)) +%F)
PAGES=(
    "/"
    "/logs"
    "/logs?pipeline=pipeline-042&status=failed"
    "/logs?from=$WEEK_FROM&to=$WEEK_TO"
    "/logs?q=timeout"
    "/logs?page=1000"
    "/runs/$FAILED_RUN"
    "/runs/$RUNS"
    "/pipelines/pipeline-042"
    "/schedules"
    "/connections"
    "/settings"
    "/status"
)

# ms of each request, one a line
time_page() {
    local path=$1 i
    for ((i = 0; i < WARMUP; i++)); do curl -s -o /dev/null -b "$JAR_COOKIES" "$URL$path"; done
    for ((i = 0; i < REQUESTS; i++)); do
        curl -s -o /dev/null -b "$JAR_COOKIES" -w '%{time_total}\n' "$URL$path"
    done | awk '{ printf "%.1f\n", $1 * 1000 }'
}

missed=0
printf '\n%-48s %8s %8s %8s  %s\n' "page" "median" "p95" "max" "(ms, $REQUESTS requests each)"
for path in "${PAGES[@]}"; do
    code=$(curl -s -o "$WORK/page.html" -w '%{http_code}' -b "$JAR_COOKIES" "$URL$path")
    if [[ $code == 404 ]]; then
        printf '%-48s %8s\n' "$path" "absent"
        continue
    fi
    [[ $code == 200 ]] || { printf '%-48s answered %s\n' "$path" "$code"; missed=1; continue; }
    grep -q 'Sign in to Ferry' "$WORK/page.html" && die "$path showed the sign-in page: the session was lost"
    read -r median p95 max < <(time_page "$path" | sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        k = int(0.95 * NR + 0.999999); if (k < 1) k = 1
        printf "%.1f %.1f %.1f\n", m, v[k], v[NR] }')
    flag=""
    if awk -v p="$p95" -v t="$TARGET_MS" 'BEGIN { exit !(p >= t) }'; then flag="  MISS (target ${TARGET_MS} ms)"; missed=1; fi
    printf '%-48s %8s %8s %8s%s\n' "$path" "$median" "$p95" "$max" "$flag"
done
printf '\npeak RSS      %.1f MB (VmHWM of the server, heap %s)\n' \
    "$(awk '/^VmHWM/ { print $2 / 1024 }' "/proc/$SERVER/status")" "$FERRY_HEAP"
printf 'machine       %s CPUs (%s), %s RAM, %s\n' "$(nproc)" \
    "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)" \
    "$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)" "$("$JAVA" -version 2>&1 | head -n 1)"
if ((missed)); then
    echo "FAIL: a page's p95 reached ${TARGET_MS} ms or it did not answer 200" >&2
    exit 1
fi
