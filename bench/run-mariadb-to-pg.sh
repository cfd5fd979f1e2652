#!/usr/bin/env bash
# MariaDB -> PostgreSQL benchmark of Ferry against pgloader.
#
# Creates the SPEC's `ventas` table in the MariaDB database ferry_bench_maria (generated in
# PostgreSQL with bench/ventas.sql and moved over with LOAD DATA LOCAL INFILE; untimed), then
# measures wall time and peak RSS of a full load into an empty PostgreSQL table
# (ferry_bench_maria_dst.public.ventas):
#   Ferry:    sync full_refresh, write overwrite      (bench/pipelines/maria-a.yml)
#   pgloader: LOAD DATABASE ... WITH data only         (bench/pipelines/maria-pgloader.load)
# Both start from the same condition: an empty ventas with the SPEC's DDL (primary key included)
# in the destination's public schema. After every run the destination is checked against the
# MariaDB source: row count, distinct keys, and an md5 over a canonical text of every row in key
# order, computed the same way on both engines.
#
# Needs: psql, the mariadb client, pgloader (Debian/Ubuntu: sudo apt-get install pgloader),
# GNU time at /usr/bin/time (sudo apt-get install time), a JDK 21+ and the built jar
# (./mvnw -pl cli -am package -DskipTests). See bench/README.md.
#
# Settings (environment):
#   PGHOST PGPORT PGUSER     PostgreSQL server and user (default 127.0.0.1, 5432, root); no password
#   MARIADB_HOST MARIADB_PORT MARIADB_USER
#                            MariaDB server and user (default 127.0.0.1, 3306, root); no password
#   ROWS=1000000             rows in ventas
#   ROUNDS=3                 timed rounds per tool; the table shows the median wall time and the
#                            highest peak RSS over the rounds
#   TS_TYPE='datetime(6)'    MariaDB type of ultima_modificacion (timestamptz in the SPEC), holding
#                            UTC as Ferry's MariaDB dialect does; 'timestamp(6)' is the alternative
#   JAVA                     java binary (default temurin 25 if present, else `java` on PATH, 21+)
#   FERRY_JAR                default <repo>/cli/target/ferry.jar
#   FERRY_JAVA_OPTS          JVM flags instead of the launcher's defaults (see ./ferry)
#   FERRY_HEAP=256m          the -Xmx of every Ferry run
#   SKIP_FERRY=1 / SKIP_PGLOADER=1   measure one side only
#   WORK=/tmp/ferry-bench-maria      state files, logs and results
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-root}
ROWS=${ROWS:-1000000}
ROUNDS=${ROUNDS:-3}
SEED=${SEED:-0.42}
TS_TYPE=${TS_TYPE:-datetime(6)}
FERRY_JAR=${FERRY_JAR:-$REPO_DIR/cli/target/ferry.jar}
FERRY_HEAP=${FERRY_HEAP:-256m}
SKIP_FERRY=${SKIP_FERRY:-0}
SKIP_PGLOADER=${SKIP_PGLOADER:-0}
WORK=${WORK:-/tmp/ferry-bench-maria}
PIPELINES_DIR=$BENCH_DIR/pipelines
SRC_DB=ferry_bench_maria          # MariaDB
DST_DB=ferry_bench_maria_dst      # PostgreSQL
GEN_DB=ferry_bench_maria_gen      # PostgreSQL, only while generating the rows
RAW=$WORK/results-raw.csv

# Targets: Ferry at most half of pgloader's wall time and half of its peak RSS.
TARGET_WALL_RATIO=0.5
TARGET_RSS_RATIO=0.5

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
use_mariadb
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"


# ---------------------------------------------------------------- checks and set-up

check_tools() {
    check_common
    check_mariadb
    if [[ $SKIP_PGLOADER != 1 ]]; then
        command -v pgloader >/dev/null \
            || die "pgloader not found (Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y pgloader; or SKIP_PGLOADER=1)"
    fi
}



# Written here, not kept by hand, so the host settings and WORK apply to them.
write_pipelines() {
    mkdir -p "$PIPELINES_DIR"
    cat >"$PIPELINES_DIR/maria-a.yml" <<EOF
# Written by bench/run-mariadb-to-pg.sh; edit the script, not this file.
pipeline: bench-maria-a
connections:
  src: {url: "jdbc:mariadb://$MARIADB_HOST:$MARIADB_PORT/$SRC_DB?user=$MARIADB_USER"}
  dst: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$DST_DB?user=$PGUSER"}
source: src
destination: dst
state: {url: "jdbc:sqlite:$WORK/state-maria-a.db"}
streams:
  - table: ventas
    sync: full_refresh
    write: overwrite
EOF
    # data only: pgloader loads into the existing empty table (no create, no index rebuild), the
    # same starting condition as Ferry's. Its MariaDB schema name maps to PostgreSQL's public.
    cat >"$PIPELINES_DIR/maria-pgloader.load" <<EOF
-- Written by bench/run-mariadb-to-pg.sh; edit the script, not this file.
LOAD DATABASE
  FROM mysql://$MARIADB_USER@$MARIADB_HOST:$MARIADB_PORT/$SRC_DB
  INTO postgresql://$PGUSER@$PGHOST:$PGPORT/$DST_DB
WITH data only
INCLUDING ONLY TABLE NAMES MATCHING 'ventas'
ALTER SCHEMA '$SRC_DB' RENAME TO 'public';
EOF
}

sql() { local db=$1; shift; "${PSQL[@]}" -d "$db" "$@"; }
scalar() { "${PSQL[@]}" -At -d "$1" -c "$2"; }
maria() { "${MARIADB[@]}" "$@"; }

checkpoint() { scalar postgres 'checkpoint' >/dev/null 2>&1 || true; }

# The SPEC's DDL in MariaDB types: boolean is tinyint(1), numeric decimal, text longtext-free text.
MARIA_DDL="create table ventas (
  conduce bigint primary key,
  fecha_emision date not null,
  facturado boolean not null,
  numero_factura varchar(20),
  codigo_cliente varchar(12) not null,
  cliente text not null,
  monto decimal(14,2) not null,
  notas text,
  ultima_modificacion $TS_TYPE not null
) engine=InnoDB default charset=utf8mb4"

# Rows generated by ventas.sql in a scratch PostgreSQL database, then LOAD DATA LOCAL INFILE from
# a pipe. COPY's text format (tabs, \N for NULL, backslash escapes) is LOAD DATA's default format;
# the boolean goes over as 0/1 and the timestamp as UTC text, read in a UTC session.
load_source() {
    log "generating $ROWS rows (PostgreSQL $GEN_DB) and loading them into MariaDB $SRC_DB.ventas"
    local t0 t1
    t0=$(date +%s%N)
    sql postgres -c "drop database if exists $GEN_DB with (force)" -c "create database $GEN_DB"
    sql $GEN_DB -v rows="$ROWS" -v seed="$SEED" -v table=ventas -f "$BENCH_DIR/ventas.sql"
    maria -e "drop database if exists $SRC_DB; create database $SRC_DB; use $SRC_DB; $MARIA_DDL"
    "${PSQL[@]}" -d $GEN_DB -c "\\copy ($VENTAS_LOAD_DATA_SELECT) to stdout" \
        | maria --local-infile=1 $SRC_DB -e "set time_zone = '+00:00';
            load data local infile '/dev/stdin' into table ventas character set utf8mb4;
            show warnings;" >"$WORK/load-data.out"
    [[ ! -s $WORK/load-data.out ]] || die "LOAD DATA gave warnings: $(head -n 5 "$WORK/load-data.out")"
    maria $SRC_DB -e 'analyze table ventas' >/dev/null
    # The cross-engine checksum must agree with the generated rows before anything is timed.
    local gen src
    gen=$(ventas_pg_fingerprint $GEN_DB)
    src=$(ventas_maria_fingerprint $SRC_DB)
    [[ $gen == "$src" ]] || die "MariaDB source differs from the generated rows: generated '$gen', MariaDB '$src'"
    sql postgres -c "drop database $GEN_DB with (force)"
    t1=$(date +%s%N)
    log "source ready in $(seconds "$t0" "$t1") s: $src"
}

create_destination() {
    sql postgres -c "drop database if exists $DST_DB with (force)" -c "create database $DST_DB"
}

# An empty ventas with the SPEC's DDL; pgloader's schema is dropped in case an earlier run left it.
dst_empty_table() {
    sql $DST_DB -c "drop schema if exists $SRC_DB cascade"
    sql $DST_DB -v rows=0 -v table=ventas -f "$BENCH_DIR/ventas.sql"
}

# ---------------------------------------------------------------- measuring


# measure CMD...: runs CMD, sets WALL (seconds) and RSS_MB (peak RSS of the process run under
# `timed`). Returns CMD's status.



pgloader_run() {
    local logfile=$1
    timed pgloader pgloader --no-ssl-cert-verification --root-dir "$WORK/pgloader" \
        "$PIPELINES_DIR/maria-pgloader.load" >"$logfile" 2>&1
}

# ---------------------------------------------------------------- verification

FAILED=0

# ventas_pg_fingerprint and ventas_maria_fingerprint (lib.sh) compute the same checksum on both engines.

# verify LABEL: returns 1 (after printing MISMATCH) when the destination differs from the source.
verify() {
    local label=$1 dst
    dst=$(ventas_pg_fingerprint $DST_DB 2>&1) || true
    if [[ $SRC_PRINT == "$dst" ]]; then
        log "  verified $label: $dst"
        return 0
    fi
    FAILED=1
    {
        echo
        echo "!!! MISMATCH after $label"
        echo "!!!   source (MariaDB):         $SRC_PRINT"
        echo "!!!   destination (PostgreSQL): $dst"
        echo
    } >&2
    return 1
}

# ---------------------------------------------------------------- results

# record_side and side_failed (bench/lib.sh) fill these, per side.
declare -A WALLS RSS STATUS

run_rounds() {
    log "full load MariaDB -> PostgreSQL into an empty table with the SPEC's DDL, $ROUNDS rounds"
    rm -f "$WORK"/state-maria-a.db*
    local r status
    for ((r = 1; r <= ROUNDS; r++)); do
        if [[ $SKIP_PGLOADER != 1 && -z ${STATUS[pgloader]:-} ]]; then
            dst_empty_table
            checkpoint
            status=0
            measure pgloader_run "$WORK/pgloader-$r.log" || status=$?
            if ((status != 0)); then
                side_failed pgloader "$WORK/pgloader-$r.log" $status
            else
                record_side pgloader "$r"
                verify "pgloader round $r" || STATUS[pgloader]=MISMATCH
            fi
        fi
        if [[ $SKIP_FERRY != 1 && -z ${STATUS[ferry]:-} ]]; then
            dst_empty_table
            checkpoint
            status=0
            measure run_ferry "$PIPELINES_DIR/maria-a.yml" "$WORK/ferry-$r.log" || status=$?
            if ((status != 0)); then
                side_failed ferry "$WORK/ferry-$r.log" $status
            else
                record_side ferry "$r"
                verify "Ferry round $r" || STATUS[ferry]=MISMATCH
            fi
        fi
    done
}

print_table() {
    local out=$WORK/results.txt
    local fmt='| %-22s | %10s | %10s | %10s | %-16s | %-24s |\n'
    local pw fw pr fr wr rr verdict
    pw=$(median "${WALLS[pgloader]:-}")
    fw=$(median "${WALLS[ferry]:-}")
    pr=${RSS[pgloader]:--}
    fr=${RSS[ferry]:--}
    wr=$(ratio "$fw" "$pw")
    rr=$(ratio "$fr" "$pr")
    local wall_ok=FAIL rss_ok=FAIL
    awk -v r="$wr" -v t=$TARGET_WALL_RATIO 'BEGIN { exit !(r != "-" && r <= t) }' && wall_ok=PASS
    awk -v r="$rr" -v t=$TARGET_RSS_RATIO 'BEGIN { exit !(r != "-" && r <= t) }' && rss_ok=PASS
    local wall_verdict=$wall_ok rss_verdict=$rss_ok
    for side in pgloader ferry; do
        if [[ -n ${STATUS[$side]:-} ]]; then wall_verdict=${STATUS[$side]}; rss_verdict=${STATUS[$side]}; fi
    done
    [[ $wall_verdict == PASS && $rss_verdict == PASS ]] || FAILED=1
    {
        echo
        echo "Ferry vs pgloader, MariaDB -> PostgreSQL full load into an empty table, $ROWS rows,"
        echo "median wall time of $ROUNDS rounds, highest peak RSS over the rounds"
        echo
        printf "$fmt" measure pgloader Ferry "Ferry/pgl" target result
        printf "$fmt" "$(dashes 22)" "$(dashes 10)" "$(dashes 10)" "$(dashes 10)" "$(dashes 16)" "$(dashes 24)"
        printf "$fmt" "wall time s" "$pw" "$fw" "$wr" "ratio <= $TARGET_WALL_RATIO" "$wall_verdict"
        printf "$fmt" "peak RSS MB" "$pr" "$fr" "$rr" "ratio <= $TARGET_RSS_RATIO" "$rss_verdict"
        echo
        echo "raw figures: $RAW; logs: $WORK/ferry-*.log, $WORK/pgloader-*.log"
    } >"$out"
    cat "$out"
}

# ---------------------------------------------------------------- main

main() {
    check_tools
    mkdir -p "$WORK"
    rm -f "$WORK"/ferry-*.log "$WORK"/pgloader-*.log
    echo "case,side,round,wall_s,peak_rss_mb" >"$RAW"
    write_pipelines
    log "MariaDB $MARIADB_HOST:$MARIADB_PORT -> PostgreSQL $PGHOST:$PGPORT, ROWS=$ROWS ROUNDS=$ROUNDS TS_TYPE=$TS_TYPE"
    [[ $SKIP_FERRY == 1 ]] || log "ferry: $REPO_DIR/ferry on $JAVA, -Xmx$FERRY_HEAP ${FERRY_JAVA_OPTS:-(launcher defaults)}, $FERRY_JAR"
    [[ $SKIP_PGLOADER == 1 ]] || log "pgloader: $(pgloader --version 2>&1 | sed -n 1p)"
    load_source
    SRC_PRINT=$(ventas_maria_fingerprint $SRC_DB)
    create_destination
    run_rounds
    print_table
    if ((FAILED)); then
        echo "Some targets were missed or some runs failed (see above)." >&2
        exit 1
    fi
}

main "$@"
