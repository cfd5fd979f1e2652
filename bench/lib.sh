# Shared by the bench scripts (sourced, not run): logging, the Java to run Ferry with, and
# timing of a command's wall time and peak RSS. Expects WORK, REPO_DIR, FERRY_JAR and FERRY_HEAP.

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
