#!/usr/bin/env bash
# The cost of the transform stage (issue 10): a PostgreSQL -> PostgreSQL full load of the 1M-row
# `ventas` with five transforms against the same load without any.
#
# Creates ferry_bench_tf_src and ferry_bench_tf_dst on one server (dropping them first), fills the
# source with ventas.sql and ventas-transforms.sql (the SPEC's table plus an order state code, a
# quantity and phone numbers typed in varied national and international forms), then times, in
# alternating rounds (the first side alternates too), two Ferry runs into a destination without
# the table (Ferry creates it):
#   plain       sync full_refresh, write overwrite                    (bench/pipelines/tf-plain.yml)
#   transforms  the same, with                                        (bench/pipelines/tf-transforms.yml)
#                 rename: cliente -> nombre_cliente
#                 map:     estado PA/PE/EN/DE/AN -> words, else DESCONOCIDO
#                 phone:   telefono to E.164, region IT, invalid: null
#                 compute: importe_total = double(monto) * double(cantidad)   (CEL)
#                 filter:  estado != 'ANULADA'                         (CEL; drops 10% of the rows)
# After every run the destination is checked: row count, distinct keys and an md5 over every
# column of every row in key order, against the source (plain) or against what the transforms must
# give, computed independently in SQL from the source and the expected E.164 numbers that
# ventas-transforms.sql stores beside it (transforms). A difference fails the script.
#
# Needs: psql, GNU time at /usr/bin/time, a JDK 21+ and the built jar
# (./mvnw -q package -DskipTests). See bench/README.md.
#
# Settings (environment):
#   PGHOST PGPORT PGUSER     server and user (default 127.0.0.1, 5432, root); no password
#   ROWS=1000000             rows in ventas
#   ROUNDS=3                 timed rounds per side; the table shows the median wall time and the
#                            median and highest peak RSS
#   JAVA                     java binary (default temurin 25 if present, else `java` on PATH, 21+)
#   FERRY_JAR                default <repo>/cli/target/ferry.jar
#   FERRY_JAVA_OPTS          JVM flags instead of the launcher's defaults (see ./ferry)
#   FERRY_HEAP=256m          the -Xmx of every Ferry run
#   PHONE=1                  0 leaves the phone step out (four transforms), to see what it costs
#   PHONES=customer          whose phone a row carries: its customer's (50,000 distinct numbers, as
#                            a sales table has them), or `distinct`: one per row, the worst case
#   WORK=/tmp/ferry-bench-transforms   state files, logs and results
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
FERRY_JAR=${FERRY_JAR:-$REPO_DIR/cli/target/ferry.jar}
FERRY_HEAP=${FERRY_HEAP:-256m}
PHONE=${PHONE:-1}
PHONES=${PHONES:-customer}
[[ $PHONES == customer || $PHONES == distinct ]] || { echo "PHONES must be customer or distinct" >&2; exit 2; }
[[ $PHONE == 0 || $PHONE == 1 ]] || { echo "PHONE must be 0 or 1, not '$PHONE'" >&2; exit 2; }
WORK=${WORK:-/tmp/ferry-bench-transforms}
PIPELINES_DIR=$BENCH_DIR/pipelines
SRC_DB=ferry_bench_tf_src
DST_DB=ferry_bench_tf_dst
RAW=$WORK/results-raw.csv
SIDES="plain transforms"

# Targets (issue 10): the transformed load at most this many times the plain one's wall time, and
# the same peak RSS, read as at most this many times the plain one's (GC timing moves it a little).
TARGET_WALL_RATIO=1.3
TARGET_RSS_RATIO=1.1

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

sql() { local db=$1; shift; "${PSQL[@]}" -d "$db" "$@"; }
scalar() { "${PSQL[@]}" -At -d "$1" -c "$2"; }

# ---------------------------------------------------------------- pipelines

pipeline_head() {
    cat <<EOF
# Written by bench/run-transforms.sh; edit the script, not this file.
pipeline: bench-tf-$1
connections:
  src: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$SRC_DB?user=$PGUSER"}
  dst: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$DST_DB?user=$PGUSER"}
source: src
destination: dst
state: {url: "jdbc:sqlite:$WORK/state-tf-$1.db"}
streams:
  - table: ventas
    sync: full_refresh
    write: overwrite
EOF
}

# Written here, not kept by hand, so the host settings and WORK apply to them.
write_pipelines() {
    mkdir -p "$PIPELINES_DIR"
    pipeline_head plain >"$PIPELINES_DIR/tf-plain.yml"
    {
        pipeline_head transforms
        cat <<'EOF'
    rename: {cliente: nombre_cliente}
    transforms:
      - map: {column: estado, values: {PA: PAGADA, PE: PENDIENTE, EN: ENVIADA, DE: DEVUELTA, AN: ANULADA}, else: DESCONOCIDO}
EOF
        [[ $PHONE == 0 ]] || echo '      - phone: {column: telefono, region: IT, invalid: "null"}'
        cat <<'EOF'
      - compute: {column: importe_total, expr: "double(monto) * double(cantidad)"}
      - filter: "estado != 'ANULADA'"
EOF
    } >"$PIPELINES_DIR/tf-transforms.yml"
}

# ---------------------------------------------------------------- set-up

check_tools() {
    SKIP_FERRY=0 check_common
}

load_source() {
    log "generating $ROWS rows in $SRC_DB.ventas (ventas.sql, then ventas-transforms.sql, phones: $PHONES)"
    local t0 t1
    t0=$(date +%s%N)
    sql postgres -c "drop database if exists $SRC_DB with (force)" -c "create database $SRC_DB" \
        -c "drop database if exists $DST_DB with (force)" -c "create database $DST_DB"
    sql $SRC_DB -v rows="$ROWS" -v seed="$SEED" -v table=ventas_base -f "$BENCH_DIR/ventas.sql"
    sql $SRC_DB -v base=ventas_base -v phones="$PHONES" -f "$BENCH_DIR/ventas-transforms.sql"
    t1=$(date +%s%N)
    log "source ready in $(seconds "$t0" "$t1") s"
}

# No destination table before a run: each side has Ferry create its own (the transformed one has
# other columns), so both pay for the same work.
dst_no_table() { sql $DST_DB -c 'drop table if exists ventas'; }

checkpoint() {
    sql $SRC_DB -c checkpoint
    sql $DST_DB -c checkpoint
}

# The class-data archive is made at the end of the first run with a new jar. It is made here by an
# untimed run of the transformed pipeline, so it holds the classes both pipelines load (the plain
# run's are a subset) and neither side pays for classes the other found in the archive.
ferry_archive() {
    echo "${XDG_CACHE_HOME:-$HOME/.cache}/ferry/ferry-$(cksum <"$FERRY_JAR" | cut -d' ' -f1).jsa"
}

warm_up_ferry() {
    local archive
    archive=$(ferry_archive)
    rm -f "$archive"
    log "one untimed Ferry run of the transformed pipeline makes the launcher's class-data archive"
    dst_no_table
    run_ferry "$PIPELINES_DIR/tf-transforms.yml" "$WORK/ferry-warm-up.log" \
        || die "the untimed Ferry run failed: $(tail -n 20 "$WORK/ferry-warm-up.log")"
    [[ -f $archive ]] || log "  note: no class-data archive at $archive after the first run"
}

# ---------------------------------------------------------------- verification

# md5 over the rows in key order (one md5 per row, then one of those), with count and distinct keys.
fingerprint_of() {
    local db=$1 select=$2
    scalar "$db" "select count(*) || ' rows, ' || count(distinct conduce) || ' keys, md5 '
                  || coalesce(md5(string_agg(md5(r::text), '' order by conduce)), '-')
                  from ($select) r"
}

PLAIN_COLUMNS="conduce, fecha_emision, facturado, numero_factura, codigo_cliente, cliente, monto, notas,
    ultima_modificacion, estado, cantidad, telefono"

# What the transformed load must write, computed in SQL from the source and the expected E.164
# numbers: the renamed column, the mapped state, the numbers in E.164 (null when invalid), the
# product as double precision (the same IEEE product CEL computes from the exact decimal text),
# and no row whose state maps to ANULADA.
EXPECTED_PHONE=t.e164
[[ $PHONE == 1 ]] || EXPECTED_PHONE=v.telefono
EXPECTED_TRANSFORMED="select v.conduce, v.fecha_emision, v.facturado, v.numero_factura, v.codigo_cliente,
        v.cliente as nombre_cliente, v.monto, v.notas, v.ultima_modificacion,
        case v.estado when 'PA' then 'PAGADA' when 'PE' then 'PENDIENTE' when 'EN' then 'ENVIADA'
                      when 'DE' then 'DEVUELTA' when 'AN' then 'ANULADA' else 'DESCONOCIDO' end as estado,
        v.cantidad, $EXPECTED_PHONE as telefono, v.monto::float8 * v.cantidad::float8 as importe_total
    from ventas v join telefonos_e164 t using (conduce)
    where v.estado <> 'AN'"
DESTINATION_TRANSFORMED="select conduce, fecha_emision, facturado, numero_factura, codigo_cliente,
        nombre_cliente, monto, notas, ultima_modificacion, estado, cantidad, telefono, importe_total
    from ventas"

expected_prints() {
    EXPECTED[plain]=$(fingerprint_of $SRC_DB "select $PLAIN_COLUMNS from ventas")
    EXPECTED[transforms]=$(fingerprint_of $SRC_DB "$EXPECTED_TRANSFORMED")
    KEPT_ROWS=$(scalar $SRC_DB "select count(*) from ventas where estado <> 'AN'")
    INVALID_PHONES=$(scalar $SRC_DB "select count(*) from ventas join telefonos_e164 using (conduce)
                                     where telefono is not null and e164 is null and estado <> 'AN'")
    log "expected plain:      ${EXPECTED[plain]}"
    log "expected transforms: ${EXPECTED[transforms]}"
    log "  ($KEPT_ROWS of $ROWS rows kept by the filter, $INVALID_PHONES kept rows with an invalid phone number)"
    [[ ${EXPECTED[plain]} == "$ROWS rows, $ROWS keys, "* ]] || die "the source does not have $ROWS rows"
    [[ ${EXPECTED[transforms]} == "$KEPT_ROWS rows, $KEPT_ROWS keys, "* ]] || die "the expected rows are not $KEPT_ROWS"
}

# verify SIDE LABEL: returns 1 (after printing MISMATCH) when the destination is not what the side
# must write.
verify() {
    local side=$1 label=$2 dst
    if [[ $side == plain ]]; then
        dst=$(fingerprint_of $DST_DB "select $PLAIN_COLUMNS from ventas" 2>&1) || true
    else
        dst=$(fingerprint_of $DST_DB "$DESTINATION_TRANSFORMED" 2>&1) || true
    fi
    if [[ ${EXPECTED[$side]} == "$dst" ]]; then
        log "  verified $label: $dst"
        return 0
    fi
    FAILED=1
    {
        echo
        echo "!!! MISMATCH after $label"
        echo "!!!   expected:    ${EXPECTED[$side]}"
        echo "!!!   destination: $dst"
        echo
    } >&2
    return 1
}

# ---------------------------------------------------------------- rounds

FAILED=0
declare -A EXPECTED WALLS RSS_ALL RSS STATUS LOADS

# The load averages (1, 5, 15 min) before a run: other work on the machine shows here.
load_now() { cut -d' ' -f1-3 /proc/loadavg; }

run_side() {
    local side=$1 round=$2 logfile=$WORK/ferry-$1-$2.log status=0
    dst_no_table
    checkpoint
    local load
    load=$(load_now)
    measure run_ferry "$PIPELINES_DIR/tf-$side.yml" "$logfile" || status=$?
    if ((status != 0)); then
        side_failed "$side" "$logfile" $status
        return
    fi
    log "  $side round $round: ${WALL} s, peak RSS ${RSS_MB} MB (load average before: $load)"
    echo "$side,$round,$WALL,$RSS_MB,${load// /;}" >>"$RAW"
    WALLS[$side]+=" $WALL"
    RSS_ALL[$side]+=" $RSS_MB"
    LOADS[$side]+=" ${load%% *}"
    RSS[$side]=$(awk -v a="$RSS_MB" -v b="${RSS[$side]:-0}" 'BEGIN { print (a + 0 > b + 0) ? a : b }')
    verify "$side" "$side round $round" || STATUS[$side]=MISMATCH
}

run_rounds() {
    log "full load PostgreSQL -> PostgreSQL, plain and with transforms, $ROUNDS rounds"
    rm -f "$WORK"/state-tf-*.db*
    local r side order
    for ((r = 1; r <= ROUNDS; r++)); do
        # Which side goes first alternates too, so neither always follows the other.
        if ((r % 2)); then order="plain transforms"; else order="transforms plain"; fi
        for side in $order; do
            [[ -z ${STATUS[$side]:-} || ${STATUS[$side]} == MISMATCH ]] || continue
            run_side "$side" "$r"
        done
    done
}

# ---------------------------------------------------------------- table

one_decimal() { [[ $1 == - ]] && echo - || awk -v v="$1" 'BEGIN { printf "%.1f", v }'; }

within() { awk -v r="$1" -v t="$2" 'BEGIN { exit !(r != "-" && r <= t) }'; }

print_table() {
    local out=$WORK/results.txt
    local fmt='| %-22s | %10s | %10s | %8s | %-14s | %-8s |\n'
    local pw tw pr tr wall_ratio rss_ratio wall_verdict rss_verdict
    pw=$(median "${WALLS[plain]:-}")
    tw=$(median "${WALLS[transforms]:-}")
    pr=$(one_decimal "$(median "${RSS_ALL[plain]:-}")")
    tr=$(one_decimal "$(median "${RSS_ALL[transforms]:-}")")
    wall_ratio=$(ratio "$tw" "$pw")
    rss_ratio=$(ratio "$tr" "$pr")
    wall_verdict=FAIL rss_verdict=FAIL
    within "$wall_ratio" $TARGET_WALL_RATIO && wall_verdict=PASS
    within "$rss_ratio" $TARGET_RSS_RATIO && rss_verdict=PASS
    [[ $wall_verdict == PASS && $rss_verdict == PASS ]] || FAILED=1
    local side
    for side in $SIDES; do
        [[ -z ${STATUS[$side]:-} ]] || { wall_verdict=${STATUS[$side]}; rss_verdict=${STATUS[$side]}; FAILED=1; }
    done
    {
        echo
        echo "Ferry full load PostgreSQL -> PostgreSQL, $ROWS rows, without and with transforms"
        local steps="rename, map, phone, CEL compute, CEL filter"
        [[ $PHONE == 1 ]] || steps="rename, map, CEL compute, CEL filter; PHONE=0: no phone step"
        echo "($steps; the filter keeps $KEPT_ROWS rows), median of $ROUNDS rounds"
        echo
        printf "$fmt" measure plain transforms ratio target result
        printf "$fmt" "$(dashes 22)" "$(dashes 10)" "$(dashes 10)" "$(dashes 8)" "$(dashes 14)" "$(dashes 8)"
        printf "$fmt" "wall time s (median)" "$pw" "$tw" "$wall_ratio" "<= $TARGET_WALL_RATIO" "$wall_verdict"
        printf "$fmt" "peak RSS MB (median)" "$pr" "$tr" "$rss_ratio" "<= $TARGET_RSS_RATIO" "$rss_verdict"
        printf "$fmt" "peak RSS MB (highest)" "${RSS[plain]:--}" "${RSS[transforms]:--}" \
            "$(ratio "${RSS[transforms]:--}" "${RSS[plain]:--}")" "" ""
        echo
        for side in $SIDES; do
            [[ -z ${WALLS[$side]:-} ]] || echo "$side rounds: wall s${WALLS[$side]}; peak RSS MB${RSS_ALL[$side]}; 1-min load average before each${LOADS[$side]}"
            [[ -z ${STATUS[$side]:-} ]] || echo "$side: ${STATUS[$side]}"
        done
        echo "raw figures: $RAW; Ferry logs: $WORK/ferry-*.log"
    } >"$out"
    cat "$out"
}

# ---------------------------------------------------------------- main

main() {
    check_tools
    mkdir -p "$WORK"
    rm -f "$WORK"/ferry-*.log
    echo "side,round,wall_s,peak_rss_mb,load_1_5_15" >"$RAW"
    write_pipelines
    log "server $PGHOST:$PGPORT as $PGUSER, ROWS=$ROWS ROUNDS=$ROUNDS PHONE=$PHONE"
    log "ferry: $REPO_DIR/ferry on $JAVA, -Xmx$FERRY_HEAP ${FERRY_JAVA_OPTS:-(launcher defaults)}, $FERRY_JAR"
    log "machine: $(nproc) CPUs, load average $(load_now)"
    load_source
    expected_prints
    warm_up_ferry
    verify transforms "the untimed run" || die "the untimed run did not write what the transforms must give"
    run_rounds
    print_table
    if ((FAILED)); then
        echo "Some targets were missed or some runs failed (see above)." >&2
        exit 1
    fi
}

main "$@"
