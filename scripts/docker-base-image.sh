#!/usr/bin/env bash
# Build a Node base image from this machine's own node binary, for machines with a Docker engine
# but no image registry (docs/development.md): node and every library `ldd` lists go into a folder, the
# folder becomes an image with `docker import`. The result has node at /usr/local/bin/node (where
# node:20-slim has it) and a world-writable /tmp, and nothing else: no shell, no package manager.
#
#   scripts/docker-base-image.sh [IMAGE]      default omnichaos-base:node20
#
# Idempotent: an existing image built from the same node binary is kept. Linux only (ldd).
set -euo pipefail

image="${1:-${OMNICHAOS_LOCAL_BASE:-omnichaos-base:node20}}"
node_bin="$(readlink -f "${NODE_BIN:-$(command -v node)}")"
node_sum="$(sha256sum "$node_bin" | cut -c1-16)"

if [ "$(docker image inspect -f '{{index .Config.Labels "omnichaos.node-sha256"}}' "$image" 2>/dev/null || true)" = "$node_sum" ]; then
  echo "[docker-base-image] $image is up to date ($node_bin, $("$node_bin" -v))"
  exit 0
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/local/bin" "$root/tmp" "$root/etc"
chmod 1777 "$root/tmp"
cp "$node_bin" "$root/usr/local/bin/node"
# Every shared library the binary loads, at the same path (the loader included).
for lib in $(ldd "$node_bin" | grep -oE '/[^ ]+'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# Name the numeric user the Dockerfile runs as, so tools that look it up find it.
printf 'root:x:0:0:root:/root:/sbin/nologin\nomnichaos:x:10001:10001:omnichaos:/tmp:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nomnichaos:x:10001:\n' >"$root/etc/group"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "LABEL omnichaos.node-sha256=$node_sum" \
  - "$image" >/dev/null
echo "[docker-base-image] built $image from $node_bin ($("$node_bin" -v))"
