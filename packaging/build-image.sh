#!/usr/bin/env bash
# Builds Ferry's container image as a tarball (cli/target/ferry-image.tar) without a Docker daemon
# and without pulling a base image: Jib (Maven profile "image") on a scratch base, plus a Java
# runtime made here with jlink and the C libraries that runtime links against, copied from this
# machine. Load it with `docker load -i cli/target/ferry-image.tar` or `podman load -i ...`.
#
# Usage: packaging/build-image.sh [--verify]
#   --verify  also runs packaging/verify-image.sh: checks the tarball and starts its entrypoint in a chroot.
# Needs: a JDK 21+ whose jlink can link from its run-time image or jmods (JAVA_HOME), ldd, a Linux x86-64 or arm64 host.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
root="$repo/cli/target/image-root"
# java.desktop: java.beans, which YAML and JSON binding use; jdk.unsupported: sun.misc.Signal for SIGTERM.
modules=java.base,java.sql,java.naming,java.management,java.net.http,java.xml,java.desktop,java.logging,\
java.security.jgss,java.security.sasl,java.transaction.xa,java.instrument,java.scripting,java.prefs,\
jdk.unsupported,jdk.zipfs,jdk.naming.dns,jdk.management,jdk.crypto.cryptoki

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

rm -rf "$root"
mkdir -p "$root/opt" "$root/etc/ferry/pipelines" "$root/var/lib/ferry" "$root/tmp"
log "jlink: a runtime with $(tr ',' '\n' <<<"$modules" | wc -l) modules"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress zip-6 --output "$root/opt/java"
# Graphics and sound are never used by a server; their libraries would pull in X11.
rm -f "$root"/opt/java/lib/{libawt_xawt,libjsound,libsplashscreen}.so

log "copying the shared libraries the runtime links against"
mapfile -t libraries < <(
    { ldd "$root/opt/java/bin/java"; find "$root/opt/java/lib" -name '*.so' -exec ldd {} \; ; } 2>/dev/null \
        | grep -o '/[^ ]*' | grep -v "^$root" | sort -u)
for library in "${libraries[@]}"; do
    # Merged /usr: keep the path the loader asks for, with the file's contents.
    target="$root${library#/usr}"
    mkdir -p "$(dirname "$target")"
    cp -L "$library" "$target"
done
log "libraries: ${libraries[*]}"

# A user for the process (uid 10001), so the JVM finds a name and a home for it.
printf 'root:x:0:0:root:/root:/sbin/nologin\nferry:x:10001:10001:Ferry:/var/lib/ferry:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nferry:x:10001:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"

log "jib: building cli/target/ferry-image.tar"
(cd "$repo" && ./mvnw -q -P image -pl cli -am package -DskipTests)
ls -l "$repo/cli/target/ferry-image.tar" >&2

if [[ ${1:-} == --verify ]]; then
    "$repo/packaging/verify-image.sh" "$repo/cli/target/ferry-image.tar"
fi
