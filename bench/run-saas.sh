#!/usr/bin/env bash
# SaaS connector benchmark, against testkit's fakes of AlfaDocs and GoHighLevel (FakeAlfaDocsServer
# and FakeGoHighLevelServer, in-process HTTP servers in their own JVM on this machine, not the
# real APIs), through the built-in provider definitions (`type: alfadocs`, `type: gohighlevel`):
#   (a) PATIENTS patients (100,000) AlfaDocs fake -> PostgreSQL, the patients stream paged by
#       links.next as the definition reads it, `sync: full_refresh` into a fresh database
#   (b) WRITES contacts (10,000) PostgreSQL -> GoHighLevel fake, `write: upsert`, one call per
#       contact, under GoHighLevel's documented limit of 100 requests per 10 s, which the fake
#       enforces (429 over it): the expected wall time is that limit's floor, with no 429
# Wall time and peak RSS of the Ferry process (FERRY_HEAP=256m), verified after every run:
# (a) row count, distinct keys and an md5 over every field of every patient, against the same md5
#     computed from the fake's own pages (read with curl after the run); the requests and the
#     rate-limit violations the fake counted (its /_fake/stats)
# (b) the fake's stats (contacts, requests per route, violations, which are its 429s: it enforces
#     the limit), the 429s in Ferry's run log, then every contact read back (search, searchAfter)
#     and compared with the source table: count, distinct contact ids, distinct e-mails and an md5
#     over firstName|lastName|email|phone; and Ferry's key map: one distinct contact per patientId.
#
# The AlfaDocs fake answers pages of PAGE_SIZE patients (Ferry's definition sends no page size, so
# the fake's own is what a run gets; 100 is the fake's maximum). AlfaDocs documents no rate limit
# and the definition's default is 10 requests/s, so 1,000 pages would take 100 s by the limit
# alone; A_RATE sets the connection's `rate_limit` property (A_RATE/1s), as an account with a
# larger allowance would, and the fake counts (does not enforce) the same limit, so a violation
# of it shows. A_RATE=default leaves the property out (the definition's 10/1s).
#
# Needs: psql, curl, jq, sqlite3, GNU time at /usr/bin/time, a JDK 21+, and the build
# (./mvnw -q -DskipTests package: cli/target/ferry.jar and testkit/target/classes).
#
# Settings (environment):
#   PGHOST PGPORT PGUSER     PostgreSQL server and user (default 127.0.0.1, 5432, postgres)
#   PATIENTS=100000          patients generated in the AlfaDocs fake for (a)
#   PAGE_SIZE=100            the AlfaDocs fake's page size (1..100)
#   A_RATE=100               (a): rate_limit A_RATE/1s on the connection (or "default": 10/1s)
#   WRITES=10000             contacts written to the GoHighLevel fake in (b)
#   ROUNDS=3                 timed rounds of (a) (median wall time, highest peak RSS)
#   B_ROUNDS=1               timed rounds of (b) (each takes about WRITES / 10 seconds)
#   CASES="a b"              which cases to run
#   JAVA FERRY_JAR FERRY_HEAP=256m FERRY_JAVA_OPTS   as in run-pg-to-pg.sh
#   FAKE_HEAP=512m           -Xmx of each fake's JVM
#   WORK=/tmp/ferry-bench-saas   state files, logs, results
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"

export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-postgres}
PATIENTS=${PATIENTS:-100000}
ROWS=$PATIENTS   # check_common checks ROWS
PAGE_SIZE=${PAGE_SIZE:-100}
A_RATE=${A_RATE:-100}
WRITES=${WRITES:-10000}
ROUNDS=${ROUNDS:-3}
B_ROUNDS=${B_ROUNDS:-1}
CASES=${CASES:-a b}
FERRY_JAR=${FERRY_JAR:-$REPO_DIR/cli/target/ferry.jar}
FERRY_HEAP=${FERRY_HEAP:-256m}
FAKE_HEAP=${FAKE_HEAP:-512m}
WORK=${WORK:-/tmp/ferry-bench-saas}
A_DB=ferry_bench_saas_a      # (a): the patients
B_DB=ferry_bench_saas_b      # (b): the contacts to write
# GoHighLevel's documented burst limit, which the fake enforces by default.
GHL_BURST=100
GHL_WINDOW_S=10
# The launcher keeps its class-data archive per jar and removes other jars' archives; a cache of
# our own keeps other Ferry builds on this machine from removing ours between rounds.
export XDG_CACHE_HOME=$WORK/cache

TARGET_RSS_MB=300

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
scalar() { "${PSQL[@]}" -At -d "$1" -c "$2"; }

check_tools() {
    check_common
    [[ $WRITES =~ ^[1-9][0-9]*$ ]] || die "WRITES must be a positive integer, got '$WRITES'"
    [[ $B_ROUNDS =~ ^[1-9][0-9]*$ ]] || die "B_ROUNDS must be a positive integer, got '$B_ROUNDS'"
    [[ $PAGE_SIZE =~ ^[0-9]+$ ]] && ((PAGE_SIZE >= 1 && PAGE_SIZE <= 100)) \
        || die "PAGE_SIZE must be from 1 to 100 (the fake's maximum), got '$PAGE_SIZE'"
    [[ $A_RATE == default || $A_RATE =~ ^[1-9][0-9]*$ ]] || die "A_RATE must be requests per second or 'default', got '$A_RATE'"
    local tool
    for tool in curl jq sqlite3; do
        command -v $tool >/dev/null || die "$tool not found (Debian/Ubuntu: sudo apt-get install $tool)"
    done
    [[ -f $REPO_DIR/testkit/target/classes/dev/ferry/testkit/saas/alfadocs/FakeAlfaDocsServer.class ]] \
        || die "testkit is not built (./mvnw -q -DskipTests package)"
}

# ---------------------------------------------------------------- the fakes

# The fakes' classpath: testkit's classes and Jackson, their one dependency, taken from Ferry's own
# jar as run-convex.sh does (the bench must not download the dependency plugin's own dependencies).
FAKE_CP="$REPO_DIR/testkit/target/classes:$FERRY_JAR"
FAKE_PID=""

# start_fake CLASS NAME [OPTIONS...]: starts the fake and sources its info file.
start_fake() {
    local class=$1 name=$2; shift 2
    stop_fake
    local info=$WORK/fake-$name.info
    rm -f "$info"
    "$JAVA" -Xmx"$FAKE_HEAP" -XX:+UseParallelGC -cp "$FAKE_CP" "$class" --info "$info" "$@" >"$WORK/fake-$name.log" 2>&1 &
    FAKE_PID=$!
    local waited=0
    until [[ -f $info ]]; do
        kill -0 "$FAKE_PID" 2>/dev/null || die "the fake ($class) stopped: $(tail -n 20 "$WORK/fake-$name.log")"
        ((waited++ < 1200)) || die "the fake ($class) did not start within 120 s"
        sleep 0.1
    done
    # shellcheck disable=SC1090 # written by the fake
    source "$info"
}

stop_fake() {
    if [[ -n $FAKE_PID ]]; then
        kill "$FAKE_PID" 2>/dev/null || true
        wait "$FAKE_PID" 2>/dev/null || true
        FAKE_PID=""
    fi
}
trap stop_fake EXIT

# secret FILE VALUE: an owner-only file, for ${file:} references and curl's -H @file.
secret() { (umask 077 && printf '%s' "$2" >"$1"); }

# ---------------------------------------------------------------- results

declare -A WALLS RSS STATUS NOTES
FAILED=0
RAW=$WORK/results-raw.csv

record_case() {
    local case=$1 round=$2
    log "  $case round $round: ${WALL} s, peak RSS ${RSS_MB} MB"
    echo "$case,$round,$WALL,$RSS_MB,\"${3//\"/\"\"}\"" >>"$RAW"
    WALLS[$case]="${WALLS[$case]:-} $WALL"
    RSS[$case]=$(awk -v a="$RSS_MB" -v b="${RSS[$case]:-0}" 'BEGIN { print (a + 0 > b + 0) ? a : b }')
}

# problem CASE LABEL WHAT: marks the case (MISMATCH, LIMIT) and says why.
problem() {
    local case=$1 label=$2 what=$3
    FAILED=1
    STATUS[$case]=${STATUS[$case]:-$label}
    printf '\n!!! %s in case (%s): %s\n\n' "$label" "$case" "$what" >&2
}

ferry_failed() {
    local case=$1 logfile=$2 status=$3
    FAILED=1
    STATUS[$case]="ERROR (ferry exit $status)"
    printf '\n!!! Ferry failed in case (%s), exit status %s. Last lines of %s:\n' "$case" "$status" "$logfile" >&2
    tail -n 30 "$logfile" | sed 's/^/    /' >&2
}

# warnings LOGFILE: Ferry's WARN lines (retries, 429s, 5xx), the first few shown.
warnings() {
    local logfile=$1 n
    n=$(grep -c ' WARN ' "$logfile" || true)
    if ((n > 0)); then
        log "  Ferry logged $n warning(s), the first:"
        grep ' WARN ' "$logfile" | head -n 5 | sed 's/^/      /' >&2
    fi
}

# ---------------------------------------------------------------- (a) AlfaDocs -> PostgreSQL

# The line per patient both sides hash: every field in the definition's order, '|' between, a null
# as <null>, phoneNumbers as prefix/number pairs joined by ','.
PATIENT_LINE_JQ='.results[] | [(.id | tostring), (.firstName // "<null>"), (.lastName // "<null>"), (.email // "<null>"),
    (if .phoneNumbers == null then "<null>"
     else [.phoneNumbers[] | "\(.prefix // "<null>")/\(.number // "<null>")"] | join(",") end),
    (.gender // "<null>"), (.street // "<null>"), (.city // "<null>"), (.postcode // "<null>"), (.province // "<null>"),
    (.dateBirth // "<null>"), (.placeOfBirth // "<null>"), (.italianFiscalCode // "<null>"), (.createdAt // "<null>"),
    (.lastModifiedAt // "<null>")] | join("|")'

patients_fingerprint() {
    scalar $A_DB "select count(*) || ' rows, ' || count(distinct id) || ' keys, md5 '
        || coalesce(md5(string_agg(line, E'\n' order by id) || E'\n'), '-')
        from (select p.id, concat_ws('|', p.id, coalesce(p.\"firstName\", '<null>'), coalesce(p.\"lastName\", '<null>'),
                     coalesce(p.email, '<null>'),
                     case when p.\"phoneNumbers\" is null then '<null>' else coalesce(ph.text, '') end,
                     coalesce(p.gender, '<null>'), coalesce(p.street, '<null>'), coalesce(p.city, '<null>'),
                     coalesce(p.postcode, '<null>'), coalesce(p.province, '<null>'), coalesce(p.\"dateBirth\", '<null>'),
                     coalesce(p.\"placeOfBirth\", '<null>'), coalesce(p.\"italianFiscalCode\", '<null>'),
                     coalesce(p.\"createdAt\", '<null>'), coalesce(p.\"lastModifiedAt\", '<null>')) as line
              from patients p
              left join lateral (select string_agg(coalesce(e ->> 'prefix', '<null>') || '/' || coalesce(e ->> 'number', '<null>'),
                                                   ',' order by n) as text
                                 from json_array_elements(p.\"phoneNumbers\"::json) with ordinality as x(e, n)) ph on true) t"
}

# The same fingerprint of what the running fake serves: every page read with curl (the fake's pages
# are in id order), after Ferry's run and its stats were taken.
fake_patients_fingerprint() {
    local pages=$(((PATIENTS + PAGE_SIZE - 1) / PAGE_SIZE)) lines
    lines=$WORK/fake-patients.txt
    curl -sS --fail -H @"$WORK/alfadocs-header" \
        "$FAKE_ALFADOCS_BASE_URL/practices/$FAKE_ALFADOCS_PRACTICE_ID/archives/$FAKE_ALFADOCS_ARCHIVE_ID/patients?page=[1-$pages]&limit=$PAGE_SIZE" \
        | jq -r "$PATIENT_LINE_JQ" >"$lines"
    echo "$(wc -l <"$lines") rows, $(cut -d'|' -f1 "$lines" | sort -u | wc -l) keys, md5 $(md5sum <"$lines" | cut -d' ' -f1)"
}

write_pipeline_a() {
    local rate_line=""
    [[ $A_RATE == default ]] || rate_line=", rate_limit: $A_RATE/1s"
    cat >"$WORK/a.yml" <<YML
# Written by bench/run-saas.sh.
pipeline: bench-saas-a
connections:
  alfadocs:
    url: "$FAKE_ALFADOCS_BASE_URL"
    type: alfadocs
    properties: {api_key: "\${file:$WORK/alfadocs-key}", practice_id: "$FAKE_ALFADOCS_PRACTICE_ID", archive_id: "$FAKE_ALFADOCS_ARCHIVE_ID"$rate_line}
  pg: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$A_DB?user=$PGUSER"}
source: alfadocs
destination: pg
state: {url: "jdbc:sqlite:$WORK/state-a.db"}
streams:
  - {table: patients, sync: full_refresh}
YML
}

# start_alfadocs NAME COUNT: the fake with COUNT patients, counting (not enforcing) the rate Ferry is given.
start_alfadocs() {
    local fake_rate=$A_RATE
    [[ $A_RATE == default ]] && fake_rate=10
    start_fake dev.ferry.testkit.saas.alfadocs.FakeAlfaDocsServer "$1" --patients "$2" --page-size "$PAGE_SIZE" \
        --rate-limit "$fake_rate"
    secret "$WORK/alfadocs-key" "$FAKE_ALFADOCS_API_KEY"
    secret "$WORK/alfadocs-header" "X-Api-Key: $FAKE_ALFADOCS_API_KEY"
    write_pipeline_a
}

case_a() {
    local pages=$(((PATIENTS + PAGE_SIZE - 1) / PAGE_SIZE)) rate_text floor
    if [[ $A_RATE == default ]]; then rate_text="the definition's 10/1s (no rate_limit property)"; floor=$((pages / 10))
    else rate_text="rate_limit: $A_RATE/1s"; floor=$(awk -v p=$pages -v r=$A_RATE 'BEGIN { printf "%.1f", p / r }'); fi
    log "case (a): $PATIENTS patients AlfaDocs fake -> PostgreSQL, sync: full_refresh; fake page size $PAGE_SIZE"
    log "  ($pages pages), $rate_text, which the fake counts but does not enforce; the limit's floor ${floor} s"
    NOTES[a]="page size $PAGE_SIZE ($pages pages), $rate_text"
    local expected r status actual stats
    for ((r = 1; r <= ROUNDS; r++)); do
        start_alfadocs "a-$r" "$PATIENTS"
        "${PSQL[@]}" -d postgres -c "drop database if exists $A_DB with (force)" -c "create database $A_DB"
        rm -f "$WORK"/state-a.db*
        checkpoint
        status=0
        measure run_ferry "$WORK/a.yml" "$WORK/ferry-a-$r.log" || status=$?
        stats=$(curl -sS --fail "$FAKE_ALFADOCS_STATS_URL")
        if ((status != 0)); then ferry_failed a "$WORK/ferry-a-$r.log" $status; break; fi
        record_case a "$r" "$(jq -c . <<<"$stats")"
        log "  the fake saw: $(jq -r '"\(.requests) requests, \(.violations) over the limit, at most \(.highestCountInWindow) in a 1 s window"' <<<"$stats")"
        warnings "$WORK/ferry-a-$r.log"
        (($(jq .violations <<<"$stats") == 0)) || problem a LIMIT "the fake recorded $(jq .violations <<<"$stats") requests over ${A_RATE}/1s"
        expected=$(fake_patients_fingerprint)
        actual=$(patients_fingerprint)
        if [[ $actual == "$expected" && $expected == "$PATIENTS rows, $PATIENTS keys, "* ]]; then
            log "  verified: $actual (the fake's pages: the same)"
        else
            problem a MISMATCH "the fake serves $expected, the destination has $actual"
        fi
        stop_fake
    done
    "${PSQL[@]}" -d postgres -c "drop database if exists $A_DB with (force)"
}

checkpoint() { scalar postgres 'checkpoint' >/dev/null 2>&1 || true; }

# ---------------------------------------------------------------- (b) PostgreSQL -> GoHighLevel

# WRITES contacts with the columns named as GoHighLevel's fields, each e-mail and phone distinct
# (the fake's upsert finds duplicates by e-mail, then phone), keyed by patientId.
load_contacts() {
    "${PSQL[@]}" -d postgres -c "drop database if exists $B_DB with (force)" -c "create database $B_DB"
    "${PSQL[@]}" -d $B_DB -c "create table contacts (\"patientId\" bigint primary key, \"firstName\" text not null,
            \"lastName\" text not null, email text not null, phone text not null)" \
        -c "insert into contacts
            select i, (array['Giulia','Marco','Francesca','Luca','Chiara','Matteo','Sara','Andrea'])[1 + i % 8],
                   (array['Rossi','Bianchi','Ferrari','Esposito','Romano','Colombo','Ricci','De Luca'])[1 + i * 7 % 8],
                   'paziente' || i || '@example.it', '+39333' || lpad(i::text, 7, '0')
            from generate_series(1, $WRITES) i" \
        -c "vacuum analyze contacts"
}

# The text both sides hash: firstName|lastName|email|phone per contact, sorted bytewise.
source_contacts_fingerprint() {
    scalar $B_DB "select count(*) || ' contacts, ' || count(distinct email) || ' e-mails, md5 '
        || md5(string_agg(concat_ws('|', \"firstName\", \"lastName\", email, phone), E'\n'
                          order by concat_ws('|', \"firstName\", \"lastName\", email, phone) collate \"C\") || E'\n')
        from contacts"
}

# Every contact of the location, read with search and searchAfter, 500 a page (a page is one
# request), after the run's stats were taken and once the window Ferry filled has passed: the
# fake enforces the limit on these reads too.
fake_contacts_fingerprint() {
    local out=$WORK/fake-contacts.jsonl after=null page n
    : >"$out"
    sleep $((GHL_WINDOW_S + 1))
    while :; do
        page=$(curl -sS --fail -X POST "$FAKE_GHL_URL/contacts/search" -H @"$WORK/ghl-header" \
            -H 'Version: 2021-07-28' -H 'Content-Type: application/json' \
            -d "{\"locationId\": \"$FAKE_GHL_LOCATION_ID\", \"pageLimit\": 500, \"searchAfter\": $after}") \
            || { echo "(the read back failed: see curl's message above)"; return; }
        n=$(jq '.contacts | length' <<<"$page")
        ((n > 0)) || break
        jq -c '.contacts[]' <<<"$page" >>"$out"
        after=$(jq -c '.contacts[-1].searchAfter' <<<"$page")
        sleep 0.2
    done
    local lines=$WORK/fake-contacts.txt
    jq -r '[.firstName // "<null>", .lastName // "<null>", .email // "<null>", .phone // "<null>"] | join("|")' "$out" \
        | LC_ALL=C sort >"$lines"
    echo "$(wc -l <"$lines") contacts, $(cut -d'|' -f3 "$lines" | sort -u | wc -l) e-mails, md5 $(md5sum <"$lines" | cut -d' ' -f1)"
}

write_pipeline_b() {
    cat >"$WORK/b.yml" <<YML
# Written by bench/run-saas.sh.
pipeline: bench-saas-b
connections:
  pg: {url: "jdbc:postgresql://$PGHOST:$PGPORT/$B_DB?user=$PGUSER"}
  ghl:
    url: "$FAKE_GHL_URL"
    type: gohighlevel
    properties: {token: "\${file:$WORK/ghl-token}", location_id: "$FAKE_GHL_LOCATION_ID"}
source: pg
destination: ghl
state: {url: "jdbc:sqlite:$WORK/state-b.db"}
streams:
  - {table: contacts, key: [patientId], sync: full_refresh, write: upsert}
YML
}

case_b() {
    # A sliding window of 100 per 10 s lets the first 100 go at once, then 100 more every 10 s.
    local floor=$(((WRITES + GHL_BURST - 1) / GHL_BURST * GHL_WINDOW_S - GHL_WINDOW_S))
    log "case (b): $WRITES contacts PostgreSQL -> GoHighLevel fake, write: upsert, one call each;"
    log "  the fake enforces $GHL_BURST requests per $GHL_WINDOW_S s (sliding): the floor is ${floor} s"
    NOTES[b]="floor ${floor} s ($GHL_BURST per $GHL_WINDOW_S s, enforced)"
    load_contacts
    local expected r status stats requests upserts violations contacts in_log actual mapped
    expected=$(source_contacts_fingerprint)
    log "  source: $expected"
    for ((r = 1; r <= B_ROUNDS; r++)); do
        start_fake dev.ferry.testkit.saas.gohighlevel.FakeGoHighLevelServer "b-$r"
        secret "$WORK/ghl-token" "$FAKE_GHL_ACCESS_TOKEN"
        secret "$WORK/ghl-header" "Authorization: Bearer $FAKE_GHL_ACCESS_TOKEN"
        write_pipeline_b
        rm -f "$WORK"/state-b.db*
        checkpoint
        status=0
        measure run_ferry "$WORK/b.yml" "$WORK/ferry-b-$r.log" || status=$?
        stats=$(curl -sS --fail "$FAKE_GHL_STATS_URL")
        if ((status != 0)); then ferry_failed b "$WORK/ferry-b-$r.log" $status; stop_fake; break; fi
        record_case b "$r" "$(jq -c . <<<"$stats")"
        requests=$(jq '[.requestsByRoute[]] | add // 0' <<<"$stats")
        upserts=$(jq '.requestsByRoute["POST /contacts/upsert"] // 0' <<<"$stats")
        violations=$(jq .violations <<<"$stats")
        contacts=$(jq .contacts <<<"$stats")
        in_log=$(sqlite3 "$WORK/state-b.db" "select count(*) from ferry_run_log where message like '% answered 429%'")
        log "  the fake saw: $requests requests ($upserts upserts), $violations over the limit (the fake answers each with 429),"
        log "  at most $(jq .highestCountInWindow <<<"$stats") in a ${GHL_WINDOW_S} s window, $contacts contacts; Ferry's run log: $in_log 429s"
        log "  wall time / floor: $(ratio "$WALL" "$floor")"
        echo "# b,$r,requests=$requests,upserts=$upserts,violations=$violations,429s_in_run_log=$in_log,contacts=$contacts,floor_s=$floor" >>"$RAW"
        B_FIGURES="$requests requests, $violations violations/429s (run log: $in_log), floor ${floor} s"
        warnings "$WORK/ferry-b-$r.log"
        ((violations == 0 && in_log == 0)) || problem b LIMIT "$violations requests over the limit, $in_log 429s in Ferry's run log"
        ((upserts == WRITES)) || problem b MISMATCH "$upserts upsert calls for $WRITES contacts"
        actual=$(fake_contacts_fingerprint)
        FAKE_CONTACT_IDS=$(jq -r .id "$WORK/fake-contacts.jsonl" | sort -u | wc -l)
        mapped=$(sqlite3 "$WORK/state-b.db" "select count(*) || ' keys, ' || count(distinct remote_id) || ' contacts'
            from ferry_key_map where pipeline = 'bench-saas-b' and target = 'contacts'")
        if [[ $actual == "$expected" && $FAKE_CONTACT_IDS == "$WRITES" && $mapped == "$WRITES keys, $WRITES contacts" ]]; then
            log "  verified: the fake holds $actual, $FAKE_CONTACT_IDS distinct ids, as the source; key map: $mapped"
        else
            problem b MISMATCH "source $expected; the fake holds $actual, $FAKE_CONTACT_IDS distinct ids; key map: $mapped"
        fi
        stop_fake
    done
    "${PSQL[@]}" -d postgres -c "drop database if exists $B_DB with (force)"
}

# ---------------------------------------------------------------- table

warm_up() {
    local archive
    archive="$XDG_CACHE_HOME/ferry/ferry-$(cksum <"$FERRY_JAR" | cut -d' ' -f1).jsa"
    [[ -f $archive ]] && return 0
    log "first run of this jar: one untimed Ferry run (case a, 1,000 patients) makes the launcher's class-data archive"
    start_alfadocs warm-up 1000
    "${PSQL[@]}" -d postgres -c "drop database if exists $A_DB with (force)" -c "create database $A_DB"
    rm -f "$WORK"/state-a.db*
    run_ferry "$WORK/a.yml" "$WORK/ferry-warm-up.log" \
        || die "the untimed Ferry run failed: $(tail -n 20 "$WORK/ferry-warm-up.log")"
    stop_fake
}

machine() {
    local cpu
    cpu=$(sed -nE '0,/^model name/s/^model name\s*:\s*//p' /proc/cpuinfo)
    echo "$(nproc) vCPU $cpu, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1024 / 1024 }' /proc/meminfo)," \
        "$("$JAVA" -version 2>&1 | head -n 1), $(scalar postgres 'show server_version' | cut -d' ' -f1 | sed 's/^/PostgreSQL /')"
}

print_table() {
    local out=$WORK/results.txt
    local fmt='| %-50s | %10s | %8s | %-76s | %-8s |\n'
    {
        echo
        echo "Ferry with the SaaS fakes (testkit FakeAlfaDocsServer, FakeGoHighLevelServer, same machine),"
        echo "median wall time of the rounds ((a) $ROUNDS, (b) $B_ROUNDS), highest peak RSS of the Ferry process, FERRY_HEAP=$FERRY_HEAP"
        echo "machine: $(machine)"
        echo
        printf "$fmt" case "wall s" "RSS MB" notes result
        printf "$fmt" "$(dashes 50)" "$(dashes 10)" "$(dashes 8)" "$(dashes 76)" "$(dashes 8)"
    } >"$out"
    local c name note verdict
    for c in a b; do
        [[ -n ${WALLS[$c]:-} || -n ${STATUS[$c]:-} ]] || continue
        case $c in
            a) name="(a) $PATIENTS patients AlfaDocs -> PG, full refresh"; note=${NOTES[a]} ;;
            b) name="(b) $WRITES contacts PG -> GoHighLevel, upsert"; note="${B_FIGURES:-${NOTES[b]}}" ;;
        esac
        verdict=${STATUS[$c]:-}
        if [[ -z $verdict ]]; then
            if awk -v r="${RSS[$c]}" -v tr=$TARGET_RSS_MB 'BEGIN { exit !(r <= tr) }'; then verdict=PASS; else verdict="RSS>$TARGET_RSS_MB"; FAILED=1; fi
        fi
        # shellcheck disable=SC2059 # the format is ours
        printf "$fmt" "$name" "$(median "${WALLS[$c]:-}")" "${RSS[$c]:--}" "$note" "$verdict" >>"$out"
    done
    {
        echo
        echo "PASS: verified (data, and no rate-limit violation or 429) and peak RSS <= $TARGET_RSS_MB MB"
        echo "raw figures (with the fakes' stats): $RAW; Ferry logs: $WORK/ferry-*.log"
    } >>"$out"
    cat "$out"
}

main() {
    check_tools
    mkdir -p "$WORK"
    rm -f "$WORK"/ferry-*.log "$WORK"/fake-*.log
    echo "case,round,wall_s,peak_rss_mb,fake_stats" >"$RAW"
    log "PostgreSQL $PGHOST:$PGPORT as $PGUSER, PATIENTS=$PATIENTS PAGE_SIZE=$PAGE_SIZE A_RATE=$A_RATE WRITES=$WRITES" \
        "ROUNDS=$ROUNDS B_ROUNDS=$B_ROUNDS CASES='$CASES'; load: $(cut -d' ' -f1-3 /proc/loadavg)"
    log "ferry: $REPO_DIR/ferry on $JAVA, -Xmx$FERRY_HEAP ${FERRY_JAVA_OPTS:-(launcher defaults)}, $FERRY_JAR"
    warm_up
    local c
    for c in $CASES; do
        case $c in
            a) case_a ;;
            b) case_b ;;
            *) die "unknown case '$c' (a or b)" ;;
        esac
    done
    print_table
    log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    if ((FAILED)); then
        echo "Some runs failed or were not verified (see above)." >&2
        exit 1
    fi
}

main "$@"
