#!/usr/bin/env bash
# Starts a fresh CI runner for RegistryCacheIT: a second Docker engine with the containerd image store and an empty
# data root, on unix://DIR/docker.sock, holding nothing but the base image (copied from the engine at SOURCE_SOCKET,
# as a runner would pull it), on a bridge of its own (br-pgrun). See ../engine/start-private-engine.sh.
# Usage: start-runner-engine.sh DIR SOURCE_SOCKET. Writes DIR/dockerd.pid, DIR/dockerd.log; stop it with
# stop-runner-engine.sh DIR.
set -euo pipefail
dir="$1"
mkdir -p "$dir"
printf '{"features":{"containerd-snapshotter":true}}\n' >"$dir/daemon.json"
exec bash "$(dirname "$0")/../engine/start-private-engine.sh" "$dir" "$2" br-pgrun 10.231.78.1/24 \
  --config-file "$dir/daemon.json"
