#!/usr/bin/env bash
# Runs every test: the whole reactor (unit tests, engine ITs, invoker ITs, the example image's functional
# tests) against Engine A (Docker 20.10, Debian 12), then every engine test again against Engine B
# (Docker 26.1 from Debian 13's packages). Installs and starts what it needs when it is missing.
set -euo pipefail
cd "$(dirname "$0")"

echo "=== Engine A: Docker 20.10 (default socket) ==="
./mvnw -B -Pprovision-engine verify

echo "=== Engine B: Docker 26.1 ==="
engine_b="$(bash .ci/provision-engine-b.sh)"
# engines the tests start themselves (TLS, an empty second runner) are of Engine B's version too
DOCKER_HOST="$engine_b" PGIMAGE_DOCKERD=/var/tmp/pgimage-engine-b/dockerd ./mvnw -B -DskipUnitTests=true verify
