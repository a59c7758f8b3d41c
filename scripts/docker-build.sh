#!/usr/bin/env bash
# Build the omnichaos image from this checkout: stage dist/ and the production node_modules
# (scripts/docker-stage.mjs), then `docker build` with the Dockerfile at the repository root.
#
#   scripts/docker-build.sh [TAG]                            default omnichaos:dev
#
#   OMNICHAOS_BASE_IMAGE    base image (default node:20-slim); "local" builds and uses
#                           omnichaos-base:node20 from this machine's node
#                           (scripts/docker-base-image.sh), for engines without a registry
#   OMNICHAOS_SKIP_BUILD=1  skip `npm run build` (dist/ is already current, e.g. under npm test)
#   OMNICHAOS_FORCE_BUILD=1 rebuild even when the image is up to date
#
# Idempotent: the image is labelled with a digest of everything it is made of (dist, bin,
# scenarios, dashboard files, lockfile, Dockerfile, entrypoint, base image id); when the label
# matches, nothing is rebuilt. Concurrent runs (parallel test files) wait for each other.
set -euo pipefail
cd "$(dirname "$0")/.."

tag="${1:-${OMNICHAOS_IMAGE:-omnichaos:dev}}"
base="${OMNICHAOS_BASE_IMAGE:-node:20-slim}"
mkdir -p .omnichaos
exec 9>.omnichaos/docker-build.lock
flock -w 600 9 || { echo "[docker-build] another build held the lock for 10 minutes" >&2; exit 1; }

if [ "$base" = local ]; then
  base="${OMNICHAOS_LOCAL_BASE:-omnichaos-base:node20}"
  scripts/docker-base-image.sh "$base"
fi
[ "${OMNICHAOS_SKIP_BUILD:-}" = 1 ] || npm run build --silent

base_id="$(docker image inspect -f '{{.Id}}' "$base" 2>/dev/null || echo "$base")"
inputs="$(
  {
    echo "$base_id"
    find dist bin scenarios dashboard/public -type f ! -name '*.map' ! -name '*.ts' -print0 2>/dev/null |
      sort -z | xargs -0 sha256sum
    sha256sum package.json package-lock.json Dockerfile scripts/docker-entrypoint.mjs scripts/docker-stage.mjs
  } | sha256sum | cut -c1-32
)"
current="$(docker image inspect -f '{{index .Config.Labels "omnichaos.inputs"}}' "$tag" 2>/dev/null || true)"
if [ "$current" = "$inputs" ] && [ "${OMNICHAOS_FORCE_BUILD:-}" != 1 ]; then
  echo "[docker-build] $tag is up to date"
  exit 0
fi

# Staged outside the checkout, so linters and editors never see a second copy of dist/.
context="$(mktemp -d "${TMPDIR:-/tmp}/omnichaos-docker-context.XXXXXX")"
trap 'rm -rf "$context"' EXIT
node scripts/docker-stage.mjs "$context"
previous="$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)"
# The legacy builder (Debian's docker.io has no buildx) and BuildKit both read this Dockerfile.
docker build --quiet --build-arg "BASE=$base" --label "omnichaos.inputs=$inputs" \
  -f Dockerfile -t "$tag" "$context" >/dev/null
# The image this tag named before is left untagged: remove it unless a container still uses it.
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$tag")" ]; then
  docker image rm "$previous" >/dev/null 2>&1 || true
fi
size="$(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')"
echo "[docker-build] built $tag FROM $base ($size)"
