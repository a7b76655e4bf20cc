#!/usr/bin/env bash
# Records the raw JSON-lines answers of real BuildKit builds of ../sample for TraceDecoderTest and
# BuildProgressTest: a cold build, the same build again (every step cached) and a build whose setup
# script 03 fails. Usage: record-traces.sh [SUFFIX] (e.g. "-engine26" for another engine's capture);
# DOCKER_SOCK selects the engine (default /var/run/docker.sock).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sock="${DOCKER_SOCK:-/var/run/docker.sock}"
suffix="${1:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

build() { # $1: context dir, $2: output file
  tar -C "$1" -cf "$work/context.tar" .
  curl -sS --unix-socket "$sock" -X POST -H 'Content-Type: application/x-tar' \
    --data-binary @"$work/context.tar" \
    "http://localhost/build?version=2&dockerfile=Dockerfile&rm=1&forcerm=1" >"$2"
  echo "recorded $2 ($(wc -l <"$2") lines)"
}

cp -r "$here/../sample" "$work/ctx"
# a new comment in script 01 makes every step miss the engine's cache: a cold build
echo "# recorded $(date +%s%N)" >>"$work/ctx/setup/scripts/01-base.sh"
build "$work/ctx" "$here/cold-build$suffix.jsonl"
build "$work/ctx" "$here/cached-rebuild$suffix.jsonl"
cat >"$work/ctx/setup/scripts/03-install-postgresql.sh" <<'SH'
#!/bin/sh
for i in $(seq 1 40); do echo "03: output line $i"; done
echo "03: cannot install postgresql" >&2
exit 3
SH
build "$work/ctx" "$here/failing-run$suffix.jsonl"
