#!/usr/bin/env bash
# Makes a base image that no build cache has seen: BASE with one more layer (a file holding NEW's name), committed
# from a container that never ran, so that no build takes part in making it. FreshEngineCacheIT uses it for a new
# base image on an engine that has built from BASE before.
# Usage: new-base-image.sh DOCKER_HOST BASE NEW
set -euo pipefail
export DOCKER_HOST="$1"
base="$2"
new="$3"
dir="$(mktemp -d)"
container="$(docker create "$base" true)"
trap 'docker rm -f "$container" >/dev/null; rm -rf "$dir"' EXIT
printf '%s\n' "$new" >"$dir/pgimage-base"
tar -C "$dir" -c pgimage-base | docker cp - "$container:/"
docker commit "$container" "$new" >/dev/null
echo "made $new from $base"
