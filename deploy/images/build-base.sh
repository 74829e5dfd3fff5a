#!/usr/bin/env bash
# Builds the local base image of the service images, for machines that cannot pull
# eclipse-temurin:25-jre: a minimal Debian bookworm root filesystem (debootstrap) plus a Java
# runtime made with jlink from a local JDK, laid out like the Temurin image (/opt/java/openjdk,
# JAVA_HOME and PATH set) so that Jib's entrypoint `java ...` works on either base.
#
#   deploy/images/build-base.sh OUT.tar
#
# Writes a docker-archive tar (what `docker save` / `podman save` write), which Jib takes as
# `tar://OUT.tar`. Needs root (debootstrap) and these variables, all optional:
#   FIELDOPS_BASE_JDK     the JDK whose jlink makes the runtime (default: JAVA_HOME)
#   FIELDOPS_BASE_MIRROR  the Debian mirror (default: the first deb.debian.org-style URI of
#                         /etc/apt/sources.list*, else http://deb.debian.org/debian)
#   FIELDOPS_BASE_SUITE   the Debian release (default: bookworm)
# ./fieldops images --local-base calls it once per machine and keeps the result in
# ~/.cache/fieldops (FIELDOPS_IMAGE_CACHE), rebuilt only when this script or the JDK changes.
set -euo pipefail

out="${1:?usage: build-base.sh OUT.tar}"
jdk="${FIELDOPS_BASE_JDK:-${JAVA_HOME:?set JAVA_HOME or FIELDOPS_BASE_JDK to a JDK with jlink}}"
suite="${FIELDOPS_BASE_SUITE:-bookworm}"
mirror="${FIELDOPS_BASE_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror="$(grep -hoE '^(URIs:|deb) +[^ ]*https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -oE 'https?://[^ ]+' | head -n 1 || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
fi

# The JDK modules the services use: `jdeps --print-module-deps` over their runtime classpath
# (java.base, java.sql, java.naming, java.management, ...), plus what reflection and service
# loading need at run time: jdk.unsupported (Netty, protobuf), java.desktop (java.beans for
# jOOQ's record mapping), jdk.naming.dns (DNS lookups through JNDI), jdk.crypto.cryptoki and
# jdk.crypto.ec (TLS key types), jdk.management (process and OS metrics), jdk.zipfs (Flyway
# reading migrations from jars), jdk.httpserver (the /metrics endpoint), jdk.jfr (virtual-thread
# metrics), jdk.jcmd (jcmd for thread and heap dumps when operating).
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,java.desktop,jdk.unsupported,jdk.management,jdk.naming.dns,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.httpserver,jdk.jfr,jdk.jcmd

command -v debootstrap >/dev/null || { echo "build-base: debootstrap is missing: apt-get install debootstrap" >&2; exit 1; }
[ -x "$jdk/bin/jlink" ] || { echo "build-base: no jlink in $jdk (a JDK, not a JRE, is needed)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/fieldops-base.XXXXXX")"
rootfs="$work/rootfs"
# debootstrap mounts /proc inside the root filesystem and may leave it mounted: unmount what is
# mounted there before packing, and never delete through such a mount.
unmount_rootfs() {
  local mount
  for mount in $(awk -v root="$rootfs/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$mount" 2>/dev/null || true
  done
}
trap 'unmount_rootfs; rm -rf --one-file-system "$work"' EXIT

echo "build-base: debootstrap --variant=minbase $suite from $mirror" >&2
debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
unmount_rootfs
# What a runtime image does not need: package caches, documentation, logs.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/* "$rootfs"/tmp/*
# The services' user (Jib sets USER 10001:10001); a name, so that tools print one.
echo 'fieldops:x:10001:10001:FieldOps service:/nonexistent:/usr/sbin/nologin' >>"$rootfs/etc/passwd"
echo 'fieldops:x:10001:' >>"$rootfs/etc/group"
chmod 1777 "$rootfs/tmp"

echo "build-base: jlink $modules" >&2
mkdir -p "$rootfs/opt/java"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$rootfs/opt/java/openjdk"
java_version="$("$rootfs/opt/java/openjdk/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.runtime.version = //p')"

# One layer, reproducible: sorted names, fixed times and owners.
layer="$work/layer.tar"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --one-file-system \
  --exclude='./proc/*' --exclude='./sys/*' -C "$rootfs" -cf "$layer" .
layer_digest="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"

image="$work/image"
mkdir -p "$image"
mv "$layer" "$image/layer.tar"
cat >"$image/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "JAVA_HOME=/opt/java/openjdk","JAVA_VERSION=$java_version","LANG=C.UTF-8"],
           "Labels":{"org.opencontainers.image.title":"fieldops-base",
                     "org.opencontainers.image.description":"Debian $suite (minbase) with a jlink'd Java $java_version runtime"}},
 "rootfs":{"type":"layers","diff_ids":["$layer_digest"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/build-base.sh"}]}
EOF
cat >"$image/manifest.json" <<EOF
[{"Config":"config.json","RepoTags":["localhost/fieldops-base:latest"],"Layers":["layer.tar"]}]
EOF
mkdir -p "$(dirname "$out")"
tar --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$image" -cf "$out.part" manifest.json config.json layer.tar
mv "$out.part" "$out"
echo "build-base: wrote $out ($(du -h "$out" | cut -f1), Java $java_version)" >&2
