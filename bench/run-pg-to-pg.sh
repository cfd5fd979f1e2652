#!/usr/bin/env bash
# PostgreSQL -> PostgreSQL benchmark of Ferry against the psql \copy pipe (issue 2, point 9).
#
# Creates ferry_bench_src and ferry_bench_dst on one server (dropping them first), fills the
# SPEC's `ventas` table in the source, then measures wall time and peak RSS of:
#   (a) a full load into an empty table        Ferry: sync full_refresh, write overwrite
#   (b) a full refresh upsert, 1% rows changed  Ferry: sync full_refresh, write upsert
#   (c) an incremental run, 10,000 rows changed Ferry: sync incremental, cursor ultima_modificacion
# and checks after every run that the destination equals the source (row count, distinct keys,
# and an md5 over every column of every row).
#
# Needs: psql, GNU time at /usr/bin/time (Debian/Ubuntu: `sudo apt-get install time`), a JDK 21+
# and the built jar (./mvnw -pl cli -am package -DskipTests). See bench/README.md.
#
# Settings (environment):
#   PGHOST PGPORT PGUSER     server and user (default 127.0.0.1, 5432, root); PGPASSWORD if needed.
#                            PGHOST must be a TCP host name: it also goes into the JDBC URLs.
#   ROWS=1000000             rows in ventas
#   ROUNDS=3                 timed rounds per case; the table shows the median wall time and the
#                            highest peak RSS over the rounds
#   CASES="a b c"            which cases to run
#   A_START=create           case (a) starting condition, the same for both sides:
#                              create: an empty ventas with the SPEC's DDL (primary key included)
#                                      exists before the run;
#                              drop:   no table; the reference creates it (inside the timing),
#                                      Ferry creates it from the source schema
#   UPSERT_CHANGED           rows changed in the source for (b) (default ROWS/100)
#   INCREMENTAL_CHANGED      rows changed in the source before each run of (c) (default 10000)
#   C_CURSOR=clock           the changed rows' new cursor in (c): clock (each row its own
#                            clock_timestamp(), as separate writes give) or now (all rows of a
#                            change share one now(), as one bulk UPDATE gives: the next run reads
#                            them again at the cursor boundary)
#   JAVA                     java binary (default temurin 25 if present, else `java` on PATH, 21+)
#   FERRY_JAR                default <repo>/cli/target/ferry.jar
#   FERRY_JAVA_OPTS          JVM flags instead of the launcher's defaults (see ./ferry)
#   FERRY_HEAP=256m          the -Xmx of every Ferry run
#   SKIP_FERRY=1             measure the reference side only
#   WORK=/tmp/ferry-bench    state files, logs and results
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
CASES=${CASES:-a b c}
A_START=${A_START:-create}
SEED=${SEED:-0.42}
UPSERT_CHANGED=${UPSERT_CHANGED:-$((ROWS / 100))}
INCREMENTAL_CHANGED=${INCREMENTAL_CHANGED:-10000}
C_CURSOR=${C_CURSOR:-clock}
[[ $C_CURSOR == clock || $C_CURSOR == now ]] || { echo "C_CURSOR must be clock or now, not '$C_CURSOR'" >&2; exit 2; }
FERRY_JAR=${FERRY_JAR:-$REPO_DIR/cli/target/ferry.jar}
FERRY_HEAP=${FERRY_HEAP:-256m}
SKIP_FERRY=${SKIP_FERRY:-0}
WORK=${WORK:-/tmp/ferry-bench}
PIPELINES_DIR=$BENCH_DIR/pipelines
SRC_DB=ferry_bench_src
DST_DB=ferry_bench_dst

# Targets of issue 2.
TARGET_A_RATIO=1.2
TARGET_C_WALL=1.5
TARGET_RSS_MB=300

COLUMNS_LIST="conduce, fecha_emision, facturado, numero_factura, codigo_cliente, cliente, monto, notas, ultima_modificacion"
UPSERT_SET="fecha_emision = excluded.fecha_emision, facturado = excluded.facturado,
  numero_factura = excluded.numero_factura, codigo_cliente = excluded.codigo_cliente,
  cliente = excluded.cliente, monto = excluded.monto, notas = excluded.notas,
  ultima_modificacion = excluded.ultima_modificacion"

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
# Keep "does not exist, skipping" notices out of the output.
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"


# ---------------------------------------------------------------- checks and set-up

check_tools() {
    check_common
    [[ $A_START == create || $A_START == drop ]] || die "A_START must be create or drop, got '$A_START'"
}



# Pipelines are written here, not kept by hand, so PGHOST/PGPORT/PGUSER and WORK apply to them.
write_pipelines() {
    mkdir -p "$PIPELINES_DIR"
    local password=""
    if [[ -n ${PGPASSWORD:-} ]]; then
        password=', password: "${env:PGPASSWORD}"'
    fi
    write_pipeline a full_refresh overwrite ""
    write_pipeline b full_refresh upsert ""
    write_pipeline c incremental upsert "    cursor: ultima_modificacion"
}

write_pipeline() {
    local name=$1 sync=$2 write=$3 extra=$4
    {
        cat <<EOF
# Written by bench/run-pg-to-pg.sh; edit the script, not this file.
pipeline: bench-$name
connections:
  src: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$SRC_DB?user=$PGUSER"${password}}
  dst: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$DST_DB?user=$PGUSER"${password}}
source: src
destination: dst
state: {url: "jdbc:sqlite:$WORK/state-$name.db"}
streams:
  - table: ventas
    sync: $sync
    write: $write
EOF
        [[ -z $extra ]] || printf '%s\n' "$extra"
    } >"$PIPELINES_DIR/$name.yml"
}

sql() { local db=$1; shift; "${PSQL[@]}" -d "$db" "$@"; }
scalar() { "${PSQL[@]}" -At -d "$1" -c "$2"; }

# Flushes dirty buffers of the previous step so a timed run does not pay for them.
checkpoint() { scalar postgres 'checkpoint' >/dev/null 2>&1 || true; }

create_databases() {
    local db
    for db in $SRC_DB $DST_DB; do
        sql postgres -c "drop database if exists $db with (force)" -c "create database $db"
    done
}

load_source() {
    log "loading $ROWS rows into $SRC_DB.ventas"
    local t0 t1
    t0=$(date +%s%N)
    sql $SRC_DB -v rows="$ROWS" -v seed="$SEED" -v table=ventas -f "$BENCH_DIR/ventas.sql"
    t1=$(date +%s%N)
    log "loaded in $(seconds "$t0" "$t1") s, $(scalar $SRC_DB "select pg_size_pretty(pg_total_relation_size('ventas'))")"
}

# An empty destination ventas with the SPEC's DDL, or none (A_START=drop).
dst_empty_table() { sql $DST_DB -v rows=0 -v table=ventas -f "$BENCH_DIR/ventas.sql"; }
dst_no_table() { sql $DST_DB -c 'drop table if exists ventas'; }

# The populated destination of case (b): the source as it was before its 1% change.
dst_reset_to_snapshot() {
    dst_empty_table
    sql $DST_DB -c 'insert into ventas select * from ventas_s0' -c 'vacuum analyze ventas'
}

# Changes `count` rows spread evenly over the table (conduce % step = offset). clock_timestamp()
# gives each row its own cursor value, as separate writes in a real application would; with
# C_CURSOR=now they share the statement's now(), as one bulk UPDATE gives them.
change_source_rows() {
    local count=$1 offset=$2
    local step=$((ROWS / count))
    ((step >= 1)) || step=1
    local cursor=clock_timestamp
    [[ $C_CURSOR == now ]] && cursor=now
    sql $SRC_DB -c "update ventas set monto = mod(monto + 1.01, 100000),
                        ultima_modificacion = $cursor()
                    where conduce % $step = $((offset % step)) and conduce <= $((step * count))" \
                -c 'vacuum analyze ventas'
}

# ---------------------------------------------------------------- measuring


# measure CMD...: runs CMD, sets WALL (seconds, the whole command) and RSS_MB (the highest
# maximum resident set size of the processes CMD runs under `timed`). Returns CMD's status.

# timed TAG CMD...: runs CMD under GNU time, its peak RSS in KB going to $WORK/rss.TAG.

ref_full_copy() {
    if [[ $A_START == drop ]]; then
        dst_empty_table || return
    fi
    timed out "${PSQL[@]}" -d $SRC_DB -c '\copy ventas to stdout' \
        | timed in "${PSQL[@]}" -d $DST_DB -c '\copy ventas from stdin'
}

# The plain-psql upsert: \copy into a staging table, then INSERT ... ON CONFLICT DO UPDATE.
# `query` is what the source side copies out.
ref_upsert() {
    local query=$1
    timed out "${PSQL[@]}" -d $SRC_DB -c "\\copy ($query) to stdout" \
        | timed in "${PSQL[@]}" -d $DST_DB \
            -c 'create temp table ventas_stage (like ventas including defaults)' \
            -c '\copy ventas_stage from stdin' \
            -c "insert into ventas select * from ventas_stage
                on conflict (conduce) do update set $UPSERT_SET"
}


# ---------------------------------------------------------------- verification

FAILED=0

# Row count, distinct keys, and an md5 over every column of every row in key order (one md5 per
# row, then an md5 of those, so it stays far below PostgreSQL's 1 GB string limit at 10M rows).
fingerprint() {
    scalar "$1" "select count(*) || ' rows, ' || count(distinct conduce) || ' keys, md5 '
                 || coalesce(md5(string_agg(md5(row($COLUMNS_LIST)::text), '' order by conduce)), '-')
                 from ventas"
}

# verify LABEL: returns 1 (after printing MISMATCH) when the destination differs from the source.
verify() {
    local label=$1 src dst
    src=$(fingerprint $SRC_DB)
    dst=$(fingerprint $DST_DB 2>&1) || true
    if [[ $src == "$dst" ]]; then
        log "  verified $label: $dst"
        return 0
    fi
    FAILED=1
    {
        echo
        echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
        echo "!!! MISMATCH after $label"
        echo "!!!   source:      $src"
        echo "!!!   destination: $dst"
        echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
        echo
    } >&2
    return 1
}

# Reports column types that differ between source and destination (Ferry may create the table).
compare_schemas() {
    local q="select column_name || ' ' || data_type
                    || coalesce('(' || character_maximum_length || ')', '')
                    || coalesce('(' || numeric_precision || ',' || numeric_scale || ')', '')
                    || ' ' || is_nullable
             from information_schema.columns where table_name = 'ventas' and table_schema = 'public'
             order by column_name"
    local a b
    a=$(scalar $SRC_DB "$q")
    b=$(scalar $DST_DB "$q")
    if [[ $a != "$b" ]]; then
        log "  note: destination column types differ from the source:"
        diff <(echo "$a") <(echo "$b") | sed 's/^/      /' >&2 || true
    fi
    local pk
    pk=$(scalar $DST_DB "select count(*) from pg_constraint where conrelid = 'public.ventas'::regclass and contype = 'p'")
    [[ $pk == 1 ]] || log "  note: the destination ventas has no primary key"
}

# ---------------------------------------------------------------- results

declare -A REF_WALLS FERRY_WALLS REF_RSS FERRY_RSS STATUS
RAW=$WORK/results-raw.csv

record() {
    local case=$1 side=$2 round=$3
    echo "$case,$side,$round,$WALL,$RSS_MB" >>"$RAW"
    if [[ $side == ref ]]; then
        REF_WALLS[$case]+="$WALL "
        REF_RSS[$case]=$(max "${REF_RSS[$case]:-0}" "$RSS_MB")
    else
        FERRY_WALLS[$case]+="$WALL "
        FERRY_RSS[$case]=$(max "${FERRY_RSS[$case]:-0}" "$RSS_MB")
    fi
    log "  $case $side round $round: ${WALL} s, peak RSS ${RSS_MB} MB"
}

max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }


ferry_failed() {
    local case=$1 name=$2 logfile=$3 status=$4
    FAILED=1
    STATUS[$case]="ERROR (ferry exit $status)"
    {
        echo
        echo "!!! Ferry failed in case ($case), exit status $status. Last lines of $logfile:"
        tail -n 30 "$logfile" | sed 's/^/    /'
        echo
    } >&2
}

# ---------------------------------------------------------------- cases

case_a() {
    log "case (a): full load into an empty table (starting condition: A_START=$A_START)"
    rm -f "$WORK"/state-a.db*
    local r status
    for ((r = 1; r <= ROUNDS; r++)); do
        if [[ $A_START == create ]]; then dst_empty_table; else dst_no_table; fi
        checkpoint
        measure ref_full_copy
        record a ref "$r"
        verify "case (a) reference round $r" || STATUS[a]=MISMATCH

        [[ $SKIP_FERRY == 1 ]] && continue
        if [[ $A_START == create ]]; then dst_empty_table; else dst_no_table; fi
        checkpoint
        status=0
        measure run_ferry "$PIPELINES_DIR/a.yml" "$WORK/ferry-a-$r.log" || status=$?
        if ((status != 0)); then ferry_failed a a "$WORK/ferry-a-$r.log" $status; return; fi
        record a ferry "$r"
        ((r == 1)) && compare_schemas
        verify "case (a) Ferry round $r" || STATUS[a]=MISMATCH
    done
}

case_b() {
    log "case (b): full refresh upsert into a populated table, $UPSERT_CHANGED rows changed in the source"
    rm -f "$WORK"/state-b.db*
    # The populated destination is the source before the change; kept aside to reset each run.
    sql $DST_DB -v rows=0 -v table=ventas_s0 -f "$BENCH_DIR/ventas.sql"
    "${PSQL[@]}" -d $SRC_DB -c '\copy ventas to stdout' \
        | "${PSQL[@]}" -d $DST_DB -c '\copy ventas_s0 from stdin' -c 'vacuum analyze ventas_s0'
    change_source_rows "$UPSERT_CHANGED" 50
    local r status
    for ((r = 1; r <= ROUNDS; r++)); do
        dst_reset_to_snapshot
        checkpoint
        measure ref_upsert "select * from ventas"
        record b ref "$r"
        verify "case (b) reference round $r" || STATUS[b]=MISMATCH

        [[ $SKIP_FERRY == 1 ]] && continue
        dst_reset_to_snapshot
        checkpoint
        status=0
        measure run_ferry "$PIPELINES_DIR/b.yml" "$WORK/ferry-b-$r.log" || status=$?
        if ((status != 0)); then ferry_failed b b "$WORK/ferry-b-$r.log" $status; break; fi
        record b ferry "$r"
        verify "case (b) Ferry round $r" || STATUS[b]=MISMATCH
    done
    sql $DST_DB -c 'drop table if exists ventas_s0'
}

case_c() {
    log "case (c): incremental run, $INCREMENTAL_CHANGED rows changed before each run"
    rm -f "$WORK"/state-c.db*
    dst_empty_table
    local status=0
    if [[ $SKIP_FERRY == 1 ]]; then
        # The reference keeps its own cursor; start from a destination equal to the source.
        "${PSQL[@]}" -d $SRC_DB -c '\copy ventas to stdout' \
            | "${PSQL[@]}" -d $DST_DB -c '\copy ventas from stdin'
    else
        log "  initial incremental run (not timed in the table)"
        measure run_ferry "$PIPELINES_DIR/c.yml" "$WORK/ferry-c-initial.log" || status=$?
        if ((status != 0)); then ferry_failed c c "$WORK/ferry-c-initial.log" $status; return; fi
        log "  initial run: ${WALL} s, peak RSS ${RSS_MB} MB"
        echo "c-initial,ferry,0,$WALL,$RSS_MB" >>"$RAW"
        INITIAL_C="${WALL} s, peak RSS ${RSS_MB} MB"
        verify "case (c) initial Ferry run" || STATUS[c]=MISMATCH
    fi
    sql $DST_DB -c 'vacuum analyze ventas'
    local r cursor
    for ((r = 1; r <= ROUNDS; r++)); do
        # The reference's cursor: what the destination had seen before this change.
        cursor=$(scalar $SRC_DB "select max(ultima_modificacion) from ventas")
        change_source_rows "$INCREMENTAL_CHANGED" "$r"

        if [[ $SKIP_FERRY != 1 ]]; then
            checkpoint
            status=0
            measure run_ferry "$PIPELINES_DIR/c.yml" "$WORK/ferry-c-$r.log" || status=$?
            if ((status != 0)); then ferry_failed c c "$WORK/ferry-c-$r.log" $status; break; fi
            record c ferry "$r"
            verify "case (c) Ferry round $r" || STATUS[c]=MISMATCH
        fi

        # The reference runs second, over the same changed rows, so it finds them cached.
        checkpoint
        measure ref_upsert "select * from ventas where ultima_modificacion > '$cursor'"
        record c ref "$r"
        verify "case (c) reference round $r" || STATUS[c]=MISMATCH
    done
}

# ---------------------------------------------------------------- table

# verdict CASE RATIO FERRY_WALL FERRY_RSS: sets VERDICT (not echoed: FAILED must survive).
verdict() {
    local case=$1 ratio=$2 fwall=$3 frss=$4
    if [[ -n ${STATUS[$case]:-} ]]; then VERDICT=${STATUS[$case]}; return; fi
    if [[ $SKIP_FERRY == 1 ]]; then VERDICT=-; return; fi
    local ok=1
    awk -v r="$frss" -v t=$TARGET_RSS_MB 'BEGIN { exit !(r > 0 && r <= t) }' || ok=0
    case $case in
        a) awk -v r="$ratio" -v t=$TARGET_A_RATIO 'BEGIN { exit !(r != "-" && r <= t) }' || ok=0 ;;
        c) awk -v w="$fwall" -v t=$TARGET_C_WALL 'BEGIN { exit !(w != "-" && w <= t) }' || ok=0 ;;
    esac
    if ((ok)); then VERDICT=PASS; else FAILED=1; VERDICT=FAIL; fi
}

print_table() {
    local out=$WORK/results.txt
    local fmt='| %-32s | %10s | %12s | %6s | %10s | %12s | %-32s | %-8s |\n'
    {
        echo
        echo "Ferry vs psql \\copy pipe, PostgreSQL -> PostgreSQL, $ROWS rows, median of $ROUNDS rounds"
        echo "(peak RSS: highest over the rounds; reference RSS: the larger of its two psql processes)"
        echo
        printf "$fmt" case "ref wall s" "ferry wall s" ratio "ref RSS MB" "ferry RSS MB" target result
        printf "$fmt" "$(dashes 32)" "$(dashes 10)" "$(dashes 12)" "$(dashes 6)" "$(dashes 10)" "$(dashes 12)" \
            "$(dashes 32)" "$(dashes 8)"
    } >"$out"
    local c name target rw fw ratio
    for c in $CASES; do
        case $c in
            a) name="(a) full load, empty table"
               target="ratio <= $TARGET_A_RATIO, RSS <= $TARGET_RSS_MB MB" ;;
            b) name="(b) full upsert, $UPSERT_CHANGED changed"
               target="RSS <= $TARGET_RSS_MB MB" ;;
            c) name="(c) incremental, $INCREMENTAL_CHANGED changed"
               target="wall <= $TARGET_C_WALL s, RSS <= $TARGET_RSS_MB MB" ;;
            *) continue ;;
        esac
        rw=$(median "${REF_WALLS[$c]:-}")
        fw=$(median "${FERRY_WALLS[$c]:-}")
        ratio=-
        if [[ $rw != - && $fw != - ]]; then
            ratio=$(awk -v f="$fw" -v r="$rw" 'BEGIN { printf "%.2f", f / r }')
        fi
        verdict "$c" "$ratio" "$fw" "${FERRY_RSS[$c]:-0}"
        # shellcheck disable=SC2059 # the format is ours
        printf "$fmt" "$name" "$rw" "$fw" "$ratio" "${REF_RSS[$c]:--}" "${FERRY_RSS[$c]:--}" "$target" \
            "$VERDICT" >>"$out"
    done
    {
        echo
        [[ -z ${INITIAL_C:-} ]] || echo "(c) initial incremental run of all $ROWS rows (untimed in the table): $INITIAL_C"
        echo "raw figures: $RAW; Ferry logs: $WORK/ferry-*.log"
    } >>"$out"
    cat "$out"
}

# ---------------------------------------------------------------- main

main() {
    check_tools
    mkdir -p "$WORK"
    rm -f "$WORK"/ferry-*.log
    echo "case,side,round,wall_s,peak_rss_mb" >"$RAW"
    write_pipelines
    log "server $PGHOST:$PGPORT as $PGUSER, ROWS=$ROWS ROUNDS=$ROUNDS CASES='$CASES'"
    [[ $SKIP_FERRY == 1 ]] || log "ferry: $REPO_DIR/ferry on $JAVA, -Xmx$FERRY_HEAP ${FERRY_JAVA_OPTS:-(launcher defaults)}, $FERRY_JAR"
    create_databases
    load_source
    local c
    for c in $CASES; do
        case $c in
            a) case_a ;;
            b) case_b ;;
            c) case_c ;;
            *) die "unknown case '$c' (a, b or c)" ;;
        esac
    done
    print_table
    if ((FAILED)); then
        echo "Some targets were missed or some runs failed (see above)." >&2
        exit 1
    fi
}

main "$@"
