# Shared by the bench scripts (sourced, not run): logging, the Java to run Ferry with, and
# timing of a command's wall time and peak RSS, results-table helpers, and the ventas export and
# checksum shared by the PostgreSQL/MariaDB scripts. Expects WORK, REPO_DIR, FERRY_JAR and FERRY_HEAP.

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 2; }

java_major() {
    "$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.[0-9]+)?.*/\1 \2/p' \
        | awk '{ if ($1 == 1) { sub(/^\./, "", $2); print $2 } else print $1 }'
}

select_java() {
    if [[ -z ${JAVA:-} ]]; then
        if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
            JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
        elif command -v java >/dev/null; then
            JAVA=java
        else
            die "no java found: set JAVA to a JDK 21+ java binary"
        fi
    fi
    local major
    major=$(java_major "$JAVA")
    [[ -n $major && $major -ge 21 ]] || die "$JAVA is Java '${major:-unknown}', Ferry needs 21 or newer"
}

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

# Runs "$@" and sets WALL (seconds) and RSS_MB (the largest peak RSS that `timed` recorded).
measure() {
    rm -f "$WORK"/rss.*
    local t0 t1 status=0
    t0=$(date +%s%N)
    "$@" || status=$?
    t1=$(date +%s%N)
    WALL=$(seconds "$t0" "$t1")
    local kb=0 f v
    for f in "$WORK"/rss.*; do
        [[ -f $f ]] || continue
        # On failure GNU time writes "Command exited with non-zero status N" first.
        v=$(tail -n 1 "$f")
        [[ $v =~ ^[0-9]+$ ]] && ((v > kb)) && kb=$v
    done
    RSS_MB=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
    return $status
}

# timed TAG COMMAND...: COMMAND under GNU time, its peak RSS (KB) in $WORK/rss.TAG.
timed() { local tag=$1; shift; /usr/bin/time -f '%M' -o "$WORK/rss.$tag" "$@"; }

# run_ferry PIPELINE LOGFILE: `ferry run` through the launcher users run, with its default JVM
# options (FERRY_JAVA_OPTS overrides them) and the heap fixed at FERRY_HEAP.
run_ferry() {
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")") FERRY_JAR=$FERRY_JAR \
        FERRY_HEAP=$FERRY_HEAP timed ferry "$REPO_DIR/ferry" run "$1" >"$2" 2>&1
}

median() {
    [[ -n ${1// /} ]] || { echo "-"; return; }
    tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g \
        | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
                                    else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
    [[ $1 != - && $2 != - ]] || { echo -; return; }
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

dashes() { printf '%*s' "$1" '' | tr ' ' '-'; }

# ---------------------------------------------------------------- checks every comparison needs
# check_common: GNU time, ROUNDS and ROWS, psql and the PostgreSQL server (array PSQL), and, unless
# SKIP_FERRY=1, a Java and the Ferry jar. Each script adds its own checks after it.
check_common() {
    command -v psql >/dev/null || die "psql not found (Debian/Ubuntu: sudo apt-get install postgresql-client)"
    [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null \
        || die "GNU time is needed at /usr/bin/time (Debian/Ubuntu: sudo apt-get install time)"
    [[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, got '$ROUNDS'"
    [[ $ROWS =~ ^[1-9][0-9]*$ ]] || die "ROWS must be a positive integer, got '$ROWS'"
    "${PSQL[@]}" -d postgres -Atc 'select 1' >/dev/null \
        || die "cannot connect to PostgreSQL at $PGHOST:$PGPORT as $PGUSER"
    if [[ ${SKIP_FERRY:-0} != 1 ]]; then
        select_java
        [[ -f $FERRY_JAR ]] || die "Ferry jar not found at $FERRY_JAR (build it: ./mvnw -pl cli -am package -DskipTests)"
    fi
}

# use_mariadb: the MariaDB server (MARIADB_HOST, MARIADB_PORT, MARIADB_USER; default 127.0.0.1,
# 3306, root, no password) and the array MARIADB that reaches it. check_mariadb: client and server.
use_mariadb() {
    MARIADB_HOST=${MARIADB_HOST:-127.0.0.1}
    MARIADB_PORT=${MARIADB_PORT:-3306}
    MARIADB_USER=${MARIADB_USER:-root}
    MARIADB=(mariadb -h "$MARIADB_HOST" -P "$MARIADB_PORT" -u "$MARIADB_USER" --batch --skip-column-names)
}

check_mariadb() {
    command -v mariadb >/dev/null || die "mariadb client not found (Debian/Ubuntu: sudo apt-get install mariadb-client)"
    "${MARIADB[@]}" -e 'select 1' >/dev/null \
        || die "cannot connect to MariaDB at $MARIADB_HOST:$MARIADB_PORT as $MARIADB_USER"
}

# ---------------------------------------------------------------- ventas between PostgreSQL and MariaDB
# Expect the arrays PSQL (psql and its options) and MARIADB (the mariadb client, --batch
# --skip-column-names, host and user).

# The rows of a PostgreSQL ventas as LOAD DATA's default format reads them (the COPY text format:
# tabs, \N for NULL, backslash escapes): the boolean as 0/1, the timestamp as UTC text without a
# zone, in key order. Use as: \copy (VENTAS_LOAD_DATA_SELECT) to ...
VENTAS_LOAD_DATA_SELECT="select conduce, fecha_emision, facturado::int, numero_factura, codigo_cliente, cliente,
    monto, notas, ultima_modificacion at time zone 'UTC' from ventas order by conduce"

FINGERPRINT_BLOCK=65536   # keys per block of the checksum (see ventas_pg_fingerprint)

# ventas_pg_fingerprint DB / ventas_maria_fingerprint DB: row count, distinct keys, and an md5
# over the rows in key order, computed the same way on both engines: the md5 of the per-block
# md5s (blocks of FINGERPRINT_BLOCK consecutive keys, so each GROUP_CONCAT stays far below
# MariaDB's max_allowed_packet, which silently cuts it) of the per-row md5s of the canonical text
# conduce|YYYY-MM-DD|t or f|numero_factura|codigo_cliente|cliente|monto|notas|UTC timestamp to
# the microsecond, NULL written as <null>. Decimals print with their 2 places on both engines;
# the MariaDB timestamp is a datetime(6) or timestamp(6) holding UTC, read in a UTC session.
# MariaDB's warnings are printed into the result, so a cut GROUP_CONCAT shows up as a mismatch.
ventas_pg_fingerprint() {
    "${PSQL[@]}" -At -d "$1" -c "select (select count(*) || ' rows, ' || count(distinct conduce) || ' keys, md5 ' from ventas)
        || coalesce((select md5(string_agg(block_md5, '' order by block)) from (
             select conduce / $FINGERPRINT_BLOCK as block,
                    md5(string_agg(md5(concat_ws('|', conduce, to_char(fecha_emision, 'YYYY-MM-DD'),
                        case when facturado then 't' else 'f' end, coalesce(numero_factura, '<null>'),
                        codigo_cliente, cliente, monto::text, coalesce(notas, '<null>'),
                        to_char(ultima_modificacion at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'))),
                      '' order by conduce)) as block_md5
             from ventas group by 1) blocks), '-')"
}

ventas_maria_fingerprint() {
    "${MARIADB[@]}" "$1" -e "set session group_concat_max_len = 4294967295; set time_zone = '+00:00';
        select concat((select concat(count(*), ' rows, ', count(distinct conduce), ' keys, md5 ') from ventas),
          coalesce((select md5(group_concat(block_md5 order by block separator '')) from (
             select conduce div $FINGERPRINT_BLOCK as block,
                    md5(group_concat(md5(concat_ws('|', conduce, date_format(fecha_emision, '%Y-%m-%d'),
                        if(facturado, 't', 'f'), coalesce(numero_factura, '<null>'),
                        codigo_cliente, cliente, monto, coalesce(notas, '<null>'),
                        date_format(ultima_modificacion, '%Y-%m-%d %H:%i:%s.%f')))
                      order by conduce separator '')) as block_md5
             from ventas group by 1) blocks), '-'));
        show warnings"
}

# ---------------------------------------------------------------- per-side results
# Scripts that compare sides (ferry, a reference tool) declare `declare -A WALLS RSS STATUS`
# and set RAW (the raw CSV) and FAILED; measure sets WALL and RSS_MB.

# record_side SIDE ROUND: logs the last measurement and keeps its wall time and the highest RSS per side.
record_side() {
    local side=$1 round=$2
    log "  $side round $round: ${WALL} s, peak RSS ${RSS_MB} MB"
    echo "a,$side,$round,$WALL,$RSS_MB" >>"$RAW"
    WALLS[$side]="${WALLS[$side]:-} $WALL"
    if [[ -z ${RSS[$side]:-} ]] || awk -v a="$RSS_MB" -v b="${RSS[$side]}" 'BEGIN { exit !(a > b) }'; then
        RSS[$side]=$RSS_MB
    fi
}

# side_failed SIDE LOGFILE STATUS: marks the side failed and shows the end of its log.
side_failed() {
    local side=$1 logfile=$2 status=$3
    FAILED=1
    STATUS[$side]="ERROR ($side exit $status)"
    {
        echo
        echo "!!! $side failed, exit status $status. Last lines of $logfile:"
        tail -n 30 "$logfile" | sed 's/^/    /'
        echo
    } >&2
}
