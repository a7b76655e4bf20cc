#!/usr/bin/env bash
# Settles a base image in an engine's build cache: one build of `FROM IMAGE` and nothing else, finished before any
# other build starts, so that no later build is the first to take that base from the image store.
# Why: on engines whose BuildKit is older than v0.32 (Docker Engine before 29.7), the build that first takes a base
# keeps that FROM step without its cache key for as long as it runs, and every build started meanwhile on the same
# base shares the step, finds none of its own steps in the cache and reruns them all (moby/buildkit#4674, fixed by
# BuildKit's "solver: advertise committed cache keys after exec"). On a new engine the 3-minute build of
# BuildSessionKeepAliveIT did that to every engine test beside it; FreshEngineCacheIT shows both sides.
# Usage: settle-base-image.sh unix:///path/to/docker.sock IMAGE. Idempotent; on a settled base it takes a fraction of
# a second. Logs only to stderr (provision-engine-c.sh prints the engine's address on stdout).
set -euo pipefail
host="$1"
image="$2"
case "$host" in
  unix://*) socket="${host#unix://}" ;;
  *) echo "settle-base-image: only unix:// engine addresses are supported, not $host" >&2; exit 2 ;;
esac
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
printf 'FROM %s\n' "$image" >"$dir/Dockerfile"
# BuildKit (version=2) with the context as the request body; the answer is JSON lines, with an error among them on
# failure and the image id on success.
answer="$(tar -C "$dir" -c Dockerfile | curl -sS --max-time 300 --unix-socket "$socket" -X POST \
  -H 'Content-Type: application/x-tar' --data-binary @- "http://localhost/build?version=2&pull=0")"
built="$(grep -o '"moby.image.id","aux":{"ID":"sha256:[0-9a-f]*"' <<<"$answer" | grep -o 'sha256:[0-9a-f]*' || true)"
if [ -z "$built" ] || grep -q '"errorDetail"' <<<"$answer"; then
  echo "settle-base-image: the build FROM $image failed on $host: $(grep -o '"error":.*' <<<"$answer" | tail -n 1)" >&2
  exit 1
fi
# The build's image (the base with a config of BuildKit's) is of no use: removed unless a tag names it. What
# settles the base is the build cache's record of the FROM step, which stays.
curl -sS --max-time 60 --unix-socket "$socket" -X DELETE "http://localhost/images/$built" >/dev/null || true
echo "settle-base-image: $image settled in the build cache of $host" >&2
