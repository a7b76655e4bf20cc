#!/usr/bin/env bash
# Runs every test: the whole reactor (unit tests, engine ITs, invoker ITs, the example image's functional
# tests) against Engine A (Docker 20.10, Debian 12, BuildKit v0.8), then every engine test again against
# Engine C (Docker 28.5 + containerd 2.1 from Debian sid's packages) with its classic image store, and once more
# with the containerd image store (Docker 29's default). Installs and starts what it needs when it is missing.
set -euo pipefail
cd "$(dirname "$0")"
started=$SECONDS
pass() { printf '=== %s (%d s so far) ===\n' "$1" $((SECONDS - started)); }

pass "Engine A: Docker 20.10 (default socket)"
./mvnw -B -Pprovision-engine verify

# engines the tests start themselves (TLS, an empty second runner) are of Engine C's version too
for store in classic containerd; do
  pass "Engine C: Docker 28.5, $store image store"
  engine_c="$(bash .ci/provision-engine-c.sh "$store")"
  DOCKER_HOST="$engine_c" PGIMAGE_DOCKERD=/var/tmp/pgimage-engine-c/dockerd ./mvnw -B -DskipUnitTests=true verify
done
pass "all passes done"
