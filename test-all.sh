#!/usr/bin/env bash
# Runs every test: the whole reactor (unit tests, engine ITs, invoker ITs, the example image's functional
# tests) against Engine A (Docker 20.10, Debian 12, BuildKit v0.8); the release build and the reproducible-jar check
# (.ci/reproducible-jar.sh); then the engine tests that depend on BuildKit's version against Engine C (Docker 28.5 +
# containerd 2.1 from Debian sid's packages) with its classic image store, and once more with the containerd image
# store (Docker 29's default), then the tests that make sense on Podman 4.3 (Debian 12's podman): Buildah builds,
# start/stop around the example image's failsafe test, push with settings.xml logins.
# Installs and starts what it needs when it is missing.
set -euo pipefail
cd "$(dirname "$0")"
started=$SECONDS
pass() { printf '=== %s (%d s so far) ===\n' "$1" $((SECONDS - started)); }

pass "Engine A: Docker 20.10 (default socket)"
# -Pbench compiles the benchmarks too (they run by hand: bench/README.md), so a change of the core's API cannot leave
# them broken until someone next measures
./mvnw -B -Pprovision-engine,bench verify

# What a release builds, less signing and the upload (`mvn -Prelease verify -Dgpg.skip` on the plugin module, whose
# tests ran above), twice from clean copies: the jars and the SBOM must be byte-identical.
pass "Release build, twice: a reproducible plugin jar"
bash .ci/reproducible-jar.sh

# Engine C runs the plugin's engine ITs (the gRPC and /build paths, sessions, FileSync, standalone BuildKit) and the
# invoker projects that build through BuildKit; the 3-minute session keep-alive, the example image's functional
# tests and the engine address tests (ssh://, BUILDKIT_HOST), which do not depend on the engine's version, run once,
# on engine A. Engines the tests start themselves (TLS, an empty second runner) are of Engine C's version too.
for store in classic containerd; do
  pass "Engine C: Docker 28.5, $store image store"
  engine_c="$(bash .ci/provision-engine-c.sh "$store")"
  # MultiPlatformIT (amd64 + arm64 under QEMU) runs on the containerd store only; it skips elsewhere, as do the
  # two-runner tests of RegistryCacheIT and LocalCacheIT (their classic-store refusals run on the classic pass)
  if [ "$store" = containerd ]; then bash .ci/provision-qemu.sh >/dev/null; fi
  DOCKER_HOST="$engine_c" PGIMAGE_DOCKERD=/var/tmp/pgimage-engine-c/dockerd ./mvnw -B -pl plugin -DskipUnitTests=true \
    -Dit.test='*IT,!BuildSessionKeepAliveIT,!SshEngineIT,!BuildKitHostIT' \
    -Dinvoker.test='build-and-rebuild,build-failure,build-secrets,build-private-base,cache-rules' verify
done

pass "Podman 4.3 (rootful socket)"
podman_host="$(bash .ci/provision-podman.sh)"
# Only what Podman does: Buildah builds (PodmanBuildIT), push and start through its Docker API, a start on a service
# whose directory was deleted (PodmanServiceIT), the example image built and run around its StartedByPluginIT, a push
# with settings.xml logins. BuildKit-only tests stay on Docker.
DOCKER_HOST="$podman_host" ./mvnw -B -DskipUnitTests=true \
  -Dit.test='PodmanBuildIT,PodmanServiceIT,ImagePusherIT,DatabaseStarterIT,StartedByPluginIT' -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dinvoker.test='push-settings-auth' verify
pass "all passes done"
