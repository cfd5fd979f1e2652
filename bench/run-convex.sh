#!/usr/bin/env bash
# Convex benchmark (issue 11, bench/ item), against testkit's fake deployment (FakeConvexServer,
# an in-process HTTP server in its own JVM on this machine, not a real Convex deployment):
#   (a) DOCS documents (200,000) Convex fake -> PostgreSQL, `sync: changes`, first run (the snapshot)
#   (b) team 2's seven tables, 60,000 rows, PostgreSQL -> Convex fake through the streaming import
#       API (`write: upsert`, one table at a time): first into an empty deployment, then again
#       into the populated one (every document replaced), as the 4-hourly mirror does
#   (m) the same through the mutation path (`write: mutation`, the fake's sync:upsertBatch, which
#       does what the shipped sync.ts does), `deletes: hard` as team 2's mirror runs: first run and
#       repeat, as in (b)
# Wall time and peak RSS of the Ferry process (FERRY_HEAP=256m), verified after every run:
# (a) row count, distinct keys and an md5 over several columns against the generator's md5;
# (b), (m) the fake's document count per table (its query bench:documentCounts) against the source.
#
# Needs: psql, curl, jq, GNU time at /usr/bin/time, a JDK 21+, and the build
# (./mvnw -q -DskipTests package: cli/target/ferry.jar and testkit/target/classes).
#
# Settings (environment):
#   PGHOST PGPORT PGUSER     PostgreSQL server and user (default 127.0.0.1, 5432, root)
#   DOCS=200000              documents generated in the fake for (a)
#   ROUNDS=3                 timed rounds per case (median wall time, highest peak RSS)
#   CASES="a b m"            which cases to run
#   INDEX_NOT_READY_POLLS=2  how many primary_key_indexes_ready polls the fake answers false after
#                            each add_primary_key_indexes ((b); the fake's default, as in the tests)
#   JAVA FERRY_JAR FERRY_HEAP=256m FERRY_JAVA_OPTS   as in run-pg-to-pg.sh
#   FAKE_HEAP=1g             -Xmx of the fake's JVM
#   WORK=/tmp/ferry-bench-convex   state files, logs, results
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-root}
DOCS=${DOCS:-200000}
ROWS=$DOCS   # check_common checks ROWS
ROUNDS=${ROUNDS:-3}
CASES=${CASES:-a b m}
SEED=${SEED:-0.42}
INDEX_NOT_READY_POLLS=${INDEX_NOT_READY_POLLS:-2}
FERRY_JAR=${FERRY_JAR:-$REPO_DIR/cli/target/ferry.jar}
FERRY_HEAP=${FERRY_HEAP:-256m}
FAKE_HEAP=${FAKE_HEAP:-1g}
WORK=${WORK:-/tmp/ferry-bench-convex}
SRC_DB=ferry_bench_cvx_src     # (b): team 2's tables
DST_DB=ferry_bench_cvx_dst     # (a): the Convex documents
TEAM2_TABLES=(sow_poles sow_drops nokia_exports onemap_installations onemap_poles lawley_activations mohadin_activations)
# The launcher keeps its class-data archive per jar and removes other jars' archives; a cache of
# our own keeps other Ferry builds on this machine from removing ours between rounds.
export XDG_CACHE_HOME=$WORK/cache

TARGET_B_WALL=10
TARGET_RSS_MB=300

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
scalar() { "${PSQL[@]}" -At -d "$1" -c "$2"; }

check_tools() {
    check_common
    command -v curl >/dev/null || die "curl not found"
    command -v jq >/dev/null || die "jq not found (Debian/Ubuntu: sudo apt-get install jq)"
    [[ -f $REPO_DIR/testkit/target/classes/dev/ferry/testkit/convex/FakeConvexServer.class ]] \
        || die "testkit is not built (./mvnw -q -DskipTests package)"
}

# ---------------------------------------------------------------- the fake deployment

# The fake's classpath: testkit's classes and Jackson, its one dependency. Jackson is taken from
# Ferry's own jar, which bundles the version the parent pom manages for every module, testkit
# included. (`mvn dependency:build-classpath` would be the usual way, but the dependency plugin's
# own dependencies are not in the local repository here, and the bench must not download.)
FAKE_CP="$REPO_DIR/testkit/target/classes:$FERRY_JAR"
FAKE_PID=""

# start_fake NAME [--generate TABLE:COUNT]: starts the fake and sources its info file
# (FAKE_CONVEX_URL, FAKE_CONVEX_DEPLOY_KEY, FAKE_CONVEX_CHECKSUM); the key goes to $WORK/key.
start_fake() {
    local name=$1; shift
    stop_fake
    local info=$WORK/fake-$name.info
    rm -f "$info"
    "$JAVA" -Xmx"$FAKE_HEAP" -XX:+UseParallelGC -cp "$FAKE_CP" dev.ferry.testkit.convex.FakeConvexServer \
        --info "$info" --index-not-ready-polls "$INDEX_NOT_READY_POLLS" "$@" >"$WORK/fake-$name.log" 2>&1 &
    FAKE_PID=$!
    local waited=0
    until [[ -f $info ]]; do
        kill -0 "$FAKE_PID" 2>/dev/null || die "the fake Convex deployment stopped: $(tail -n 20 "$WORK/fake-$name.log")"
        ((waited++ < 1200)) || die "the fake Convex deployment did not start within 120 s"
        sleep 0.1
    done
    FAKE_CONVEX_CHECKSUM=""
    # shellcheck disable=SC1090 # written by FakeConvexServer
    source "$info"
    (umask 077 && printf '%s' "$FAKE_CONVEX_DEPLOY_KEY" >"$WORK/key" && printf '%s' "$FAKE_CONVEX_AUTH_KEY" >"$WORK/auth-key")
    log "fake Convex at $FAKE_CONVEX_URL $(grep -h generated "$WORK/fake-$name.log" || true)"
}

stop_fake() {
    if [[ -n $FAKE_PID ]]; then
        kill "$FAKE_PID" 2>/dev/null || true
        wait "$FAKE_PID" 2>/dev/null || true
        FAKE_PID=""
    fi
}
trap stop_fake EXIT

# The fake's live document count of every table, as "table count" lines, sorted.
fake_counts() {
    curl -sS --fail -X POST "$FAKE_CONVEX_URL/api/query" -H 'Content-Type: application/json' \
        -d '{"path": "bench:documentCounts", "args": {}, "format": "json"}' \
        | jq -r 'if .status == "success" then .value | to_entries[] | "\(.key) \(.value | floor)" else error(tostring) end' \
        | sort
}

# ---------------------------------------------------------------- pipelines

write_pipelines() {
    cat >"$WORK/a.yml" <<YML
# Written by bench/run-convex.sh.
pipeline: bench-convex-a
connections:
  app: {url: "$FAKE_URL_PLACEHOLDER", type: convex, deploy_key: "\${file:$WORK/key}"}
  pg: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$DST_DB?user=$PGUSER"}
source: app
destination: pg
state: {url: "jdbc:sqlite:$WORK/state-a.db"}
streams:
  - table: poles
    sync: changes
YML
    {
        cat <<YML
# Written by bench/run-convex.sh.
pipeline: bench-convex-b
connections:
  pg: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$SRC_DB?user=$PGUSER"}
  app: {url: "$FAKE_URL_PLACEHOLDER", type: convex, deploy_key: "\${file:$WORK/key}"}
source: pg
destination: app
state: {url: "jdbc:sqlite:$WORK/state-b.db"}
streams:
YML
        local t
        for t in "${TEAM2_TABLES[@]}"; do
            printf '  - {table: %s, sync: full_refresh, write: upsert}\n' "$t"
        done
    } >"$WORK/b.yml"
    {
        cat <<YML
# Written by bench/run-convex.sh.
pipeline: bench-convex-m
connections:
  pg: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$SRC_DB?user=$PGUSER"}
  app:
    url: "$FAKE_URL_PLACEHOLDER"
    type: convex
    deploy_key: "\${file:$WORK/key}"
    properties: {write: mutation, auth_key: "\${file:$WORK/auth-key}"}
source: pg
destination: app
state: {url: "jdbc:sqlite:$WORK/state-b.db"}
streams:
YML
        local t
        for t in "${TEAM2_TABLES[@]}"; do
            printf '  - {table: %s, sync: full_refresh, write: upsert, deletes: hard}\n' "$t"
        done
    } >"$WORK/m.yml"
}

# point_pipeline FILE: the pipeline with the running fake's URL (its port changes per start).
point_pipeline() { sed "s|$FAKE_URL_PLACEHOLDER|$FAKE_CONVEX_URL|" "$WORK/$1.yml" >"$WORK/$1-now.yml"; }
FAKE_URL_PLACEHOLDER=http://fake-convex.invalid

# ---------------------------------------------------------------- results

declare -A WALLS RSS STATUS
FAILED=0
RAW=$WORK/results-raw.csv

record_case() {
    local case=$1 round=$2
    log "  $case round $round: ${WALL} s, peak RSS ${RSS_MB} MB"
    echo "$case,$round,$WALL,$RSS_MB" >>"$RAW"
    WALLS[$case]="${WALLS[$case]:-} $WALL"
    RSS[$case]=$(awk -v a="$RSS_MB" -v b="${RSS[$case]:-0}" 'BEGIN { print (a + 0 > b + 0) ? a : b }')
}

mismatch() {
    local case=$1 what=$2
    FAILED=1
    STATUS[$case]=MISMATCH
    printf '\n!!! MISMATCH in case (%s): %s\n\n' "$case" "$what" >&2
}

ferry_failed() {
    local case=$1 logfile=$2 status=$3
    FAILED=1
    STATUS[$case]="ERROR (ferry exit $status)"
    printf '\n!!! Ferry failed in case (%s), exit status %s. Last lines of %s:\n' "$case" "$status" "$logfile" >&2
    tail -n 30 "$logfile" | sed 's/^/    /' >&2
}

# ---------------------------------------------------------------- (a) Convex -> PostgreSQL

# Count, distinct keys, and the md5 of the text BenchDocuments.checksumLine gives per document.
poles_fingerprint() {
    scalar $DST_DB "select count(*) || ' rows, ' || count(distinct _id) || ' keys, md5 '
        || coalesce(md5(string_agg(concat_ws('|', seq, pole_number, status, round(height_m * 100)::bigint,
               install_count, case when verified then 't' else 'f' end, location::jsonb ->> 'zone',
               coalesce(notes, '<null>')), E'\n' order by seq)), '-')
        from poles"
}

case_a() {
    log "case (a): $DOCS documents Convex fake -> PostgreSQL, sync: changes, first run (snapshot)"
    start_fake a --generate "poles:$DOCS"
    point_pipeline a
    local expected="$DOCS rows, $DOCS keys, md5 $FAKE_CONVEX_CHECKSUM" r status actual
    for ((r = 1; r <= ROUNDS; r++)); do
        "${PSQL[@]}" -d postgres -c "drop database if exists $DST_DB with (force)" -c "create database $DST_DB"
        rm -f "$WORK"/state-a.db*
        checkpoint
        status=0
        measure run_ferry "$WORK/a-now.yml" "$WORK/ferry-a-$r.log" || status=$?
        if ((status != 0)); then ferry_failed a "$WORK/ferry-a-$r.log" $status; break; fi
        record_case a "$r"
        actual=$(poles_fingerprint)
        if [[ $actual == "$expected" ]]; then
            log "  verified: $actual"
        else
            mismatch a "expected $expected, destination has $actual"
        fi
    done
    stop_fake
}

checkpoint() { scalar postgres 'checkpoint' >/dev/null 2>&1 || true; }

# ---------------------------------------------------------------- (b) PostgreSQL -> Convex

source_counts() {
    local t
    for t in "${TEAM2_TABLES[@]}"; do
        echo "$t $(scalar $SRC_DB "select count(*) from $t")"
    done | sort
}

# run_b CASE ROUND [PIPELINE]: one timed run of pipeline b (or m) into the running fake, then its counts checked.
run_b() {
    local case=$1 r=$2 pipeline=${3:-b} status=0 actual
    rm -f "$WORK"/state-b.db*
    checkpoint
    measure run_ferry "$WORK/$pipeline-now.yml" "$WORK/ferry-$case-$r.log" || status=$?
    if ((status != 0)); then ferry_failed "$case" "$WORK/ferry-$case-$r.log" $status; return 1; fi
    record_case "$case" "$r"
    actual=$(fake_counts)
    if [[ $actual == "$SOURCE_COUNTS" ]]; then
        log "  verified: the fake holds $(awk '{ n += $2 } END { print n }' <<<"$actual") documents in $(wc -l <<<"$actual") tables, as the source"
    else
        mismatch "$case" "source: $(tr '\n' ',' <<<"$SOURCE_COUNTS") fake: $(tr '\n' ',' <<<"$actual")"
    fi
}

load_team2() {
    [[ -n ${SOURCE_COUNTS:-} ]] && return 0
    "${PSQL[@]}" -d postgres -c "drop database if exists $SRC_DB with (force)" -c "create database $SRC_DB"
    "${PSQL[@]}" -d $SRC_DB -v seed="$SEED" -f "$BENCH_DIR/team2.sql"
    SOURCE_COUNTS=$(source_counts)
    B_ROWS=$(awk '{ n += $2 } END { print n }' <<<"$SOURCE_COUNTS")
    log "  source: $B_ROWS rows: $(tr '\n' ',' <<<"$SOURCE_COUNTS")"
}

# mirror_rounds PIPELINE CASE_PREFIX: per round a new, empty deployment for the first mirror, then
# the repeat into the same one.
mirror_rounds() {
    local pipeline=$1 prefix=$2 r
    for ((r = 1; r <= ROUNDS; r++)); do
        start_fake "$prefix-$r"
        point_pipeline "$pipeline"
        run_b "${prefix}1" "$r" "$pipeline" || break
        run_b "${prefix}2" "$r" "$pipeline" || break
    done
    stop_fake
}

case_b() {
    log "case (b): team 2's tables PostgreSQL -> Convex fake, streaming import, write: upsert"
    load_team2
    mirror_rounds b b
}

case_m() {
    log "case (m): team 2's tables PostgreSQL -> Convex fake, write: mutation (sync:upsertBatch), deletes: hard"
    load_team2
    mirror_rounds m m
}

# ---------------------------------------------------------------- table

warm_up() {
    local archive
    archive="$XDG_CACHE_HOME/ferry/ferry-$(cksum <"$FERRY_JAR" | cut -d' ' -f1).jsa"
    [[ -f $archive ]] && return 0
    log "first run of this jar: one untimed Ferry run (case b) makes the launcher's class-data archive"
    "${PSQL[@]}" -d postgres -c "drop database if exists $SRC_DB with (force)" -c "create database $SRC_DB"
    "${PSQL[@]}" -d $SRC_DB -v seed="$SEED" -f "$BENCH_DIR/team2.sql"
    start_fake warm-up
    point_pipeline b
    rm -f "$WORK"/state-b.db*
    run_ferry "$WORK/b-now.yml" "$WORK/ferry-warm-up.log" \
        || die "the untimed Ferry run failed: $(tail -n 20 "$WORK/ferry-warm-up.log")"
    stop_fake
}

print_table() {
    local out=$WORK/results.txt
    local fmt='| %-48s | %10s | %10s | %-26s | %-8s |\n'
    {
        echo
        echo "Ferry with the Convex fake (testkit FakeConvexServer, same machine), median wall time of $ROUNDS rounds,"
        echo "highest peak RSS of the Ferry process over the rounds, FERRY_HEAP=$FERRY_HEAP"
        echo
        printf "$fmt" case "wall s" "RSS MB" target result
        printf "$fmt" "$(dashes 48)" "$(dashes 10)" "$(dashes 10)" "$(dashes 26)" "$(dashes 8)"
    } >"$out"
    local c name target wall verdict
    for c in a b1 b2 m1 m2; do
        [[ -n ${WALLS[$c]:-} || -n ${STATUS[$c]:-} ]] || continue
        case $c in
            a) name="(a) $DOCS docs Convex -> PG, changes, snapshot"; target="RSS <= $TARGET_RSS_MB MB" ;;
            b1) name="(b) ${B_ROWS:-?} rows PG -> Convex, empty deployment"; target="wall < $TARGET_B_WALL s, RSS <= $TARGET_RSS_MB MB" ;;
            b2) name="(b) ${B_ROWS:-?} rows PG -> Convex, repeat (replace)"; target="wall < $TARGET_B_WALL s, RSS <= $TARGET_RSS_MB MB" ;;
            m1) name="(m) ${B_ROWS:-?} rows PG -> Convex mutation, empty"; target="wall < $TARGET_B_WALL s, RSS <= $TARGET_RSS_MB MB" ;;
            m2) name="(m) ${B_ROWS:-?} rows PG -> Convex mutation, repeat"; target="wall < $TARGET_B_WALL s, RSS <= $TARGET_RSS_MB MB" ;;
        esac
        wall=$(median "${WALLS[$c]:-}")
        verdict=${STATUS[$c]:-}
        if [[ -z $verdict ]]; then
            if awk -v w="$wall" -v r="${RSS[$c]}" -v tw=$TARGET_B_WALL -v tr=$TARGET_RSS_MB -v c=$c \
                'BEGIN { exit !(r <= tr && (c == "a" || w < tw)) }'; then verdict=PASS; else verdict=FAIL; FAILED=1; fi
        fi
        # shellcheck disable=SC2059 # the format is ours
        printf "$fmt" "$name" "$wall" "${RSS[$c]:--}" "$target" "$verdict" >>"$out"
    done
    {
        echo
        echo "raw figures: $RAW; Ferry logs: $WORK/ferry-*.log"
    } >>"$out"
    cat "$out"
}

main() {
    check_tools
    mkdir -p "$WORK"
    rm -f "$WORK"/ferry-*.log "$WORK"/fake-*.log
    echo "case,round,wall_s,peak_rss_mb" >"$RAW"
    write_pipelines
    log "PostgreSQL $PGHOST:$PGPORT as $PGUSER, DOCS=$DOCS ROUNDS=$ROUNDS CASES='$CASES'; load: $(cut -d' ' -f1-3 /proc/loadavg)"
    log "ferry: $REPO_DIR/ferry on $JAVA, -Xmx$FERRY_HEAP ${FERRY_JAVA_OPTS:-(launcher defaults)}, $FERRY_JAR"
    warm_up
    local c
    for c in $CASES; do
        case $c in
            a) case_a ;;
            b) case_b ;;
            m) case_m ;;
            *) die "unknown case '$c' (a, b or m)" ;;
        esac
    done
    print_table
    log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    if ((FAILED)); then
        echo "Some targets were missed or some runs failed (see above)." >&2
        exit 1
    fi
}

main "$@"
