#!/usr/bin/env bash
# Starts a fresh CI runner for RegistryCacheIT, LocalCacheIT, PushWithoutLoadIT and FreshEngineCacheIT: a second
# Docker engine with an empty data root, on unix://DIR/docker.sock, holding nothing but the base image (copied from
# the engine at SOURCE_SOCKET, as a runner would pull it; its build cache has never seen it), on a bridge of its own
# (br-pgrun). See ../engine/start-private-engine.sh.
# Usage: start-runner-engine.sh DIR SOURCE_SOCKET [STORE], STORE containerd (the default: the containerd image store)
# or classic. Writes DIR/dockerd.pid, DIR/dockerd.log; stop it with stop-runner-engine.sh DIR.
set -euo pipefail
dir="$1"
case "${3:-containerd}" in
  containerd) snapshotter=true ;;
  classic) snapshotter=false ;;
  *) echo "unknown image store $3 (containerd or classic)" >&2; exit 2 ;;
esac
mkdir -p "$dir"
printf '{"features":{"containerd-snapshotter":%s}}\n' "$snapshotter" >"$dir/daemon.json"
exec bash "$(dirname "$0")/../engine/start-private-engine.sh" "$dir" "$2" br-pgrun 10.231.78.1/24 \
  --config-file "$dir/daemon.json"
