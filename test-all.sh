#!/usr/bin/env bash
# Runs every test: the whole reactor (unit tests, engine ITs, invoker ITs, the example image's functional
# tests) against Engine A (Docker 20.10, Debian 12), then every engine test again against Engine B
# (Docker 26.1 from Debian 13's packages), then the tests that make sense on Podman 4.3 (Debian 12's podman):
# Buildah builds, start/stop around the example image's failsafe test, push with settings.xml logins.
# Installs and starts what it needs when it is missing.
set -euo pipefail
cd "$(dirname "$0")"

echo "=== Engine A: Docker 20.10 (default socket) ==="
./mvnw -B -Pprovision-engine verify

echo "=== Engine B: Docker 26.1 ==="
engine_b="$(bash .ci/provision-engine-b.sh)"
# engines the tests start themselves (TLS, an empty second runner) are of Engine B's version too
DOCKER_HOST="$engine_b" PGIMAGE_DOCKERD=/var/tmp/pgimage-engine-b/dockerd ./mvnw -B -DskipUnitTests=true verify

echo "=== Podman 4.3 (rootful socket) ==="
podman_host="$(bash .ci/provision-podman.sh)"
podman_started=$(date +%s)
# Only what Podman does: Buildah builds (PodmanBuildIT), push and start through its Docker API, the example image
# built and run around its StartedByPluginIT, a push with settings.xml logins. BuildKit-only tests stay on Docker.
DOCKER_HOST="$podman_host" ./mvnw -B -DskipUnitTests=true \
  -Dit.test='PodmanBuildIT,ImagePusherIT,DatabaseStarterIT,StartedByPluginIT' -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dinvoker.test='push-settings-auth' verify
echo "Podman pass: $(( $(date +%s) - podman_started )) s"
