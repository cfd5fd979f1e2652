#!/usr/bin/env bash
# PostgreSQL -> MariaDB benchmark of Ferry against psql \copy + LOAD DATA LOCAL INFILE.
#
# Fills the SPEC's `ventas` table in the PostgreSQL database ferry_bench_pgm_src (bench/ventas.sql),
# then measures wall time and peak RSS of a full load into an empty MariaDB table
# (ferry_bench_pgm_dst.ventas):
#   Ferry:     sync full_refresh, write overwrite                   (bench/pipelines/pgm-a.yml)
#   reference: psql \copy (select ...) to stdout | mariadb -e "LOAD DATA LOCAL INFILE '/dev/stdin' ..."
#              (REF_MODE=file: \copy to a file, then LOAD DATA of that file; wall time of both)
# Both start from the same condition, recreated before every run: an empty ventas with the DDL
# Ferry's MariaDB dialect creates for the SPEC's table (primary key, utf8mb4_bin, datetime(6)
# holding UTC). After every run the destination is checked against the PostgreSQL source: row
# count, distinct keys, and an md5 over a canonical text of every row in key order, computed the
# same way on both engines (lib.sh), and the table's column types must still be the ones created.
#
# Needs: psql, the mariadb client, GNU time at /usr/bin/time (sudo apt-get install time), a JDK
# 21+ and the built jar (./mvnw -pl cli -am package -DskipTests). See bench/README.md.
#
# Settings (environment):
#   PGHOST PGPORT PGUSER     PostgreSQL server and user (default 127.0.0.1, 5432, root); no password
#   MARIADB_HOST MARIADB_PORT MARIADB_USER
#                            MariaDB server and user (default 127.0.0.1, 3306, root); no password
#   ROWS=1000000             rows in ventas
#   ROUNDS=3                 timed rounds per side; the table shows the median wall time and the
#                            highest peak RSS over the rounds
#   REF_MODE=pipe            pipe: export and load run at once, joined by a pipe;
#                            file: export to $WORK/ventas.tsv, then load it (wall = both steps)
#   JAVA                     java binary (default temurin 25 if present, else `java` on PATH, 21+)
#   FERRY_JAR                default <repo>/cli/target/ferry.jar
#   FERRY_JAVA_OPTS          JVM flags instead of the launcher's defaults (see ./ferry)
#   FERRY_HEAP=256m          the -Xmx of every Ferry run
#   SKIP_FERRY=1 / SKIP_REF=1        measure one side only
#   WORK=/tmp/ferry-bench-pgm        state files, logs and results
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
REF_MODE=${REF_MODE:-pipe}
FERRY_JAR=${FERRY_JAR:-$REPO_DIR/cli/target/ferry.jar}
FERRY_HEAP=${FERRY_HEAP:-256m}
SKIP_FERRY=${SKIP_FERRY:-0}
SKIP_REF=${SKIP_REF:-0}
WORK=${WORK:-/tmp/ferry-bench-pgm}
PIPELINES_DIR=$BENCH_DIR/pipelines
SRC_DB=ferry_bench_pgm_src        # PostgreSQL
DST_DB=ferry_bench_pgm_dst        # MariaDB
EXPORT_FILE=$WORK/ventas.tsv      # REF_MODE=file only
RAW=$WORK/results-raw.csv

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
use_mariadb
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

# The table Ferry's MariaDB dialect creates from the source's ventas (MariaDbDialect.createTableSql):
# text becomes longtext, timestamptz datetime(6) holding UTC, rows in a binary collation. The
# same DDL as Ferry would create, so its schema check finds nothing to change inside the timing.
MARIA_DDL="create table ventas (
  conduce bigint not null,
  fecha_emision date not null,
  facturado boolean not null,
  numero_factura varchar(20),
  codigo_cliente varchar(12) not null,
  cliente longtext not null,
  monto decimal(14,2) not null,
  notas longtext,
  ultima_modificacion datetime(6) not null,
  primary key (conduce)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin"

# ---------------------------------------------------------------- checks and set-up

check_tools() {
    check_common
    check_mariadb
    [[ $REF_MODE == pipe || $REF_MODE == file ]] || die "REF_MODE must be pipe or file, got '$REF_MODE'"
    [[ $("${MARIADB[@]}" -e 'select @@local_infile') == 1 ]] \
        || die "MariaDB has local_infile off; both sides need LOAD DATA LOCAL INFILE (set local_infile=1)"
}

# Written here, not kept by hand, so the host settings and WORK apply to it.
write_pipeline() {
    mkdir -p "$PIPELINES_DIR"
    cat >"$PIPELINES_DIR/pgm-a.yml" <<EOF
# Written by bench/run-pg-to-mariadb.sh; edit the script, not this file.
pipeline: bench-pgm-a
connections:
  src: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$SRC_DB?user=$PGUSER"}
  dst: {url: "jdbc:mariadb://$MARIADB_HOST:$MARIADB_PORT/$DST_DB?user=$MARIADB_USER"}
source: src
destination: dst
state: {url: "jdbc:sqlite:$WORK/state-pgm-a.db"}
streams:
  - table: ventas
    sync: full_refresh
    write: overwrite
EOF
}

sql() { local db=$1; shift; "${PSQL[@]}" -d "$db" "$@"; }
maria() { "${MARIADB[@]}" "$@"; }

load_source() {
    log "generating $ROWS rows in PostgreSQL $SRC_DB.ventas"
    local t0 t1
    t0=$(date +%s%N)
    sql postgres -c "drop database if exists $SRC_DB with (force)" -c "create database $SRC_DB"
    sql $SRC_DB -v rows="$ROWS" -v seed="$SEED" -v table=ventas -f "$BENCH_DIR/ventas.sql"
    t1=$(date +%s%N)
    log "source ready in $(seconds "$t0" "$t1") s"
}

# The column types of the destination's ventas, to check that no run changed the table.
maria_columns() {
    maria -e "select group_concat(concat(column_name, ' ', column_type, ' ', is_nullable, ' ',
                                         coalesce(collation_name, ''), ' ', column_key)
                                  order by ordinal_position separator ', ')
              from information_schema.columns where table_schema = '$DST_DB' and table_name = 'ventas'"
}

create_destination() {
    maria -e "drop database if exists $DST_DB; create database $DST_DB"
}

# An empty ventas. Dropping the table also discards the previous run's pages still unwritten in
# InnoDB's buffer pool (one tablespace file per table), so no run pays for the one before.
dst_empty_table() { maria $DST_DB -e "drop table if exists ventas; $MARIA_DDL"; }

# The launcher makes its class-data archive at the end of the first run with a new jar, which
# lengthens that run by seconds; users see it once. Its path, as ./ferry computes it:
ferry_archive() {
    echo "${XDG_CACHE_HOME:-$HOME/.cache}/ferry/ferry-$(cksum <"$FERRY_JAR" | cut -d' ' -f1).jsa"
}

# An untimed Ferry run when the archive is missing, so every timed run starts as users' do.
warm_up_ferry() {
    [[ $SKIP_FERRY != 1 && ! -f $(ferry_archive) ]] || return 0
    log "first run of this jar: one untimed Ferry run makes the launcher's class-data archive"
    dst_empty_table
    run_ferry "$PIPELINES_DIR/pgm-a.yml" "$WORK/ferry-warm-up.log" \
        || die "the untimed Ferry run failed: $(tail -n 20 "$WORK/ferry-warm-up.log")"
    rm -f "$WORK"/state-pgm-a.db*
}

# ---------------------------------------------------------------- the reference

# The export: the rows as LOAD DATA's default format reads them (lib.sh), to stdout or a file.
# The load: in a UTC session as Ferry's; any warning (a truncated or unreadable value) is
# printed after the load, and fails the run. Each half runs under `timed` as its own process.
load_sql() {
    echo "set time_zone = '+00:00';
          load data local infile '$1' into table ventas character set utf8mb4;
          show warnings;"
}

ref_pipe() {
    timed ref-psql "${PSQL[@]}" -d $SRC_DB -c "\\copy ($VENTAS_LOAD_DATA_SELECT) to stdout" \
        | timed ref-mariadb "${MARIADB[@]}" --local-infile=1 $DST_DB -e "$(load_sql /dev/stdin)"
}

ref_file() {
    timed ref-psql "${PSQL[@]}" -d $SRC_DB -c "\\copy ($VENTAS_LOAD_DATA_SELECT) to '$EXPORT_FILE'" \
        && timed ref-mariadb "${MARIADB[@]}" --local-infile=1 $DST_DB -e "$(load_sql "$EXPORT_FILE")"
}

# ref_run LOGFILE: the reference in REF_MODE; status 3 when LOAD DATA gave warnings.
ref_run() {
    local logfile=$1 status=0
    "ref_$REF_MODE" >"$logfile" 2>&1 || status=$?
    ((status == 0)) || return $status
    [[ ! -s $logfile ]] || return 3
}

# ---------------------------------------------------------------- verification

FAILED=0

# verify LABEL: returns 1 (after printing MISMATCH) when the destination differs from the source
# or its table is no longer the one created.
verify() {
    local label=$1 dst columns
    dst=$(ventas_maria_fingerprint $DST_DB 2>&1) || true
    columns=$(maria_columns 2>&1) || true
    if [[ $SRC_PRINT == "$dst" && $DST_COLUMNS == "$columns" ]]; then
        log "  verified $label: $dst"
        return 0
    fi
    FAILED=1
    {
        echo
        echo "!!! MISMATCH after $label"
        echo "!!!   source (PostgreSQL):   $SRC_PRINT"
        echo "!!!   destination (MariaDB): $dst"
        [[ $DST_COLUMNS == "$columns" ]] || {
            echo "!!!   columns created:       $DST_COLUMNS"
            echo "!!!   columns now:           $columns"
        }
        echo
    } >&2
    return 1
}

# ---------------------------------------------------------------- results

# record_side and side_failed (bench/lib.sh) fill these, per side.
declare -A WALLS RSS STATUS

# run_side SIDE ROUND LOGFILE COMMAND...: one timed run from an empty table, then its check.
run_side() {
    local side=$1 round=$2 logfile=$3 status=0
    shift 3
    dst_empty_table
    rm -f "$EXPORT_FILE"
    measure "$@" || status=$?
    rm -f "$EXPORT_FILE"
    if ((status != 0)); then
        side_failed "$side" "$logfile" $status
    else
        record_side "$side" "$round"
        verify "$side round $round" || STATUS[$side]=MISMATCH
    fi
}

run_rounds() {
    log "full load PostgreSQL -> MariaDB into an empty table, $ROUNDS rounds"
    rm -f "$WORK"/state-pgm-a.db*
    local r
    for ((r = 1; r <= ROUNDS; r++)); do
        if [[ $SKIP_REF != 1 && -z ${STATUS[reference]:-} ]]; then
            run_side reference $r "$WORK/reference-$r.log" ref_run "$WORK/reference-$r.log"
        fi
        if [[ $SKIP_FERRY != 1 && -z ${STATUS[ferry]:-} ]]; then
            run_side ferry $r "$WORK/ferry-$r.log" run_ferry "$PIPELINES_DIR/pgm-a.yml" "$WORK/ferry-$r.log"
        fi
    done
}

print_table() {
    local out=$WORK/results.txt
    local fmt='| %-14s | %10s | %10s | %10s |\n'
    local rw fw rr fr
    rw=$(median "${WALLS[reference]:-}")
    fw=$(median "${WALLS[ferry]:-}")
    rr=${RSS[reference]:--}
    fr=${RSS[ferry]:--}
    local ref_name="psql \\copy | LOAD DATA LOCAL INFILE '/dev/stdin'"
    [[ $REF_MODE == pipe ]] || ref_name="psql \\copy to a file, then LOAD DATA LOCAL INFILE of it"
    {
        echo
        echo "Ferry vs $ref_name,"
        echo "PostgreSQL -> MariaDB full load into an empty table, $ROWS rows,"
        echo "median wall time of $ROUNDS rounds, highest peak RSS over the rounds"
        echo "(reference RSS: the larger of its psql and mariadb processes)"
        echo
        printf "$fmt" measure reference Ferry Ferry/ref
        printf "$fmt" "$(dashes 14)" "$(dashes 10)" "$(dashes 10)" "$(dashes 10)"
        printf "$fmt" "wall time s" "$rw" "$fw" "$(ratio "$fw" "$rw")"
        printf "$fmt" "peak RSS MB" "$rr" "$fr" "$(ratio "$fr" "$rr")"
        echo
        local side
        for side in reference ferry; do
            [[ -z ${WALLS[$side]:-} ]] || echo "$side rounds (wall s):${WALLS[$side]}"
            [[ -z ${STATUS[$side]:-} ]] || echo "$side: ${STATUS[$side]}"
        done
        echo "raw figures: $RAW; logs: $WORK/ferry-*.log, $WORK/reference-*.log"
    } >"$out"
    cat "$out"
}

# ---------------------------------------------------------------- main

main() {
    check_tools
    mkdir -p "$WORK"
    rm -f "$WORK"/ferry-*.log "$WORK"/reference-*.log
    echo "case,side,round,wall_s,peak_rss_mb" >"$RAW"
    write_pipeline
    log "PostgreSQL $PGHOST:$PGPORT -> MariaDB $MARIADB_HOST:$MARIADB_PORT, ROWS=$ROWS ROUNDS=$ROUNDS REF_MODE=$REF_MODE"
    [[ $SKIP_FERRY == 1 ]] || log "ferry: $REPO_DIR/ferry on $JAVA, -Xmx$FERRY_HEAP ${FERRY_JAVA_OPTS:-(launcher defaults)}, $FERRY_JAR"
    log "reference: $(psql --version), $(mariadb --version)"
    load_source
    SRC_PRINT=$(ventas_pg_fingerprint $SRC_DB)
    log "source: $SRC_PRINT"
    create_destination
    dst_empty_table
    DST_COLUMNS=$(maria_columns)
    warm_up_ferry
    run_rounds
    print_table
    if ((FAILED)); then
        echo "Some runs failed or differ from the source (see above)." >&2
        exit 1
    fi
}

main "$@"
