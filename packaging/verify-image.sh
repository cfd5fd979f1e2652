#!/usr/bin/env bash
# Checks the image tarball from packaging/build-image.sh without a container runtime:
#  1. the tarball: manifest, config (entrypoint, arguments, port, user, volume, platform), and
#     layers holding the Java runtime, the C libraries, Ferry's classes and its dependencies;
#  2. the root filesystem made from its layers, in order: the entrypoint started in a chroot (its own
#     mount and PID namespaces, /proc and /dev mounted, as uid 10001, as a runtime would) answers
#     /health, refuses /metrics without a token, serves /metrics with a token created by the image's
#     own `ferry token create`, and exits 0 on SIGTERM.
# Step 2 needs root (chroot, mount); without it only step 1 runs.
#
# Usage: packaging/verify-image.sh [cli/target/ferry-image.tar]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tarball=$(readlink -f "${1:-$repo/cli/target/ferry-image.tar}")
work=$(mktemp -d)
server=""
cleanup() {
    # unshare (the child of $server) kills the JVM when it dies (--kill-child).
    [[ -n $server ]] && { pkill -KILL -P "$server" 2>/dev/null; kill -KILL "$server" 2>/dev/null; } || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'ok    %s\n' "$*"; }

tar -xf "$tarball" -C "$work" manifest.json
config=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["Config"])' "$work/manifest.json")
tar -xf "$tarball" -C "$work" "$config"
python3 - "$work/$config" <<'PY' || exit 1
import json, sys
config = json.load(open(sys.argv[1]))
c = config["config"]
def check(what, actual, expected):
    if actual != expected:
        print(f"FAIL: {what}: {actual!r}, expected {expected!r}", file=sys.stderr); sys.exit(1)
    print(f"ok    {what}: {actual}")
check("entrypoint", c["Entrypoint"][0], "/opt/java/bin/java")
check("main class", c["Entrypoint"][-1], "dev.ferry.cli.Ferry")
check("command", c["Cmd"][0:5], ["serve", "--bind", "0.0.0.0", "--port", "8080"])
check("exposed ports", sorted(c["ExposedPorts"]), ["8080/tcp"])
check("user", c["User"], "10001:10001")
check("volumes", sorted(c["Volumes"]), ["/var/lib/ferry"])
check("working directory", c["WorkingDir"], "/var/lib/ferry")
check("platform", (config["os"], config["architecture"]), ("linux", "amd64"))
PY

listing="$work/listing.txt"
: >"$listing"
mapfile -t layers < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))[0]["Layers"]))' "$work/manifest.json")
mkdir -p "$work/rootfs"
for layer in "${layers[@]}"; do
    tar -xf "$tarball" -C "$work" "$layer"
    tar --warning=no-unknown-keyword -tzf "$work/$layer" >>"$listing"
    # A scratch base and Jib's layers add files only (no whiteouts), so extracting in order gives the filesystem.
    tar --warning=no-unknown-keyword -xzf "$work/$layer" -C "$work/rootfs"
    rm -f "$work/$layer"
done
ok "${#layers[@]} layers, $(wc -l <"$listing") entries"
for expected in opt/java/bin/java opt/java/lib/server/libjvm.so lib/x86_64-linux-gnu/libc.so.6 lib64/ld-linux-x86-64.so.2 \
        app/classes/dev/ferry/cli/Ferry.class 'app/libs/ferry-engine-.*\.jar' 'app/libs/ferry-server-.*\.jar' \
        'app/libs/ferry-connector-jdbc-.*\.jar' 'app/libs/sqlite-jdbc-.*\.jar' 'app/libs/postgresql-.*\.jar' \
        'app/libs/javalin-.*\.jar' etc/passwd etc/ferry/pipelines/ var/lib/ferry/ tmp/; do
    grep -Eq "^/?$expected\$" "$listing" || fail "no $expected in the layers"
    ok "layer entry $expected"
done
ok "image size $(du -h "$tarball" | cut -f1), root filesystem $(du -sh "$work/rootfs" | cut -f1)"

if [[ $(id -u) -ne 0 ]]; then
    echo "skipped: starting the entrypoint in a chroot needs root"
    exit 0
fi
rootfs="$work/rootfs"
mkdir -p "$rootfs/proc" "$rootfs/dev"
mapfile -t entrypoint < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["config"]["Entrypoint"]))' "$work/$config")
mapfile -t cmd < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["config"]["Cmd"]))' "$work/$config")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cmd=("${cmd[@]/#8080/$port}")
# Runs a command in the image's root filesystem as a runtime would: its user, its working directory
# (entered before chroot, which keeps it), and its Env (XDG_CACHE_HOME, LANG) with nothing inherited.
in_image() {
    unshare --mount --pid --fork --kill-child -- sh -c '
        root=$1; shift
        mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" && cd "$root/var/lib/ferry" &&
        exec env -i XDG_CACHE_HOME=/tmp LANG=C.UTF-8 /usr/sbin/chroot --userspec=10001:10001 "$root" "$@"' \
        sh "$rootfs" "$@"
}
log="$work/serve.log"
in_image "${entrypoint[@]}" "${cmd[@]}" >"$log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health" >"$work/health.json" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; fail "the entrypoint exited"; }
    sleep 0.5
done
grep -q '"up"' "$work/health.json" || { cat "$log" >&2; fail "no /health answer on port $port"; }
ok "entrypoint in a chroot as uid 10001 answers /health: $(cat "$work/health.json")"
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")
[[ $status == 401 ]] || fail "/metrics without a token answered $status"
ok "/metrics without a token: 401"
token=$(in_image "${entrypoint[@]}" token create --name verify --role viewer --state jdbc:sqlite:/var/lib/ferry/state.db 2>/dev/null | tail -n 1)
curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics" | grep -q '^jvm_memory_used_bytes' \
    || fail "/metrics with a viewer token"
ok "ferry token create inside the image; /metrics with that token: 200 with jvm_memory_used_bytes"
# $server is the shell running unshare; the JVM is unshare's child.
java_pid=$(pgrep -P "$(pgrep -P "$server" | head -n 1)" | head -n 1)
kill -TERM "$java_pid"
code=0
wait "$server" || code=$?
server=""
[[ $code -eq 0 ]] || { cat "$log" >&2; fail "exit code $code after SIGTERM"; }
grep -q "Ferry server stopped" "$log" || fail "no 'Ferry server stopped' in the log"
ok "SIGTERM: exit 0, 'Ferry server stopped' logged"
echo "image verified: $tarball"
