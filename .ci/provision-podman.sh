#!/usr/bin/env bash
# Makes sure a rootful Podman 4.3 (Debian 12's podman) serves its Docker-compatible API on
# /run/podman/podman.sock with debian:bookworm-slim in its store, and that localhost registries may be
# reached over plain HTTP (the push tests' docker-registry, as Docker allows for loopback).
# Prints the engine address (unix:///run/podman/podman.sock) on stdout. Idempotent.
set -euo pipefail

log() { printf '[provision-podman] %s\n' "$*" >&2; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
STATE_DIR="${PGIMAGE_PODMAN_STATE:-/var/tmp/pgimage-podman}"
SOCKET=/run/podman/podman.sock
$SUDO mkdir -p "$STATE_DIR" /run/podman /etc/containers/registries.conf.d

if ! command -v podman >/dev/null 2>&1; then
  log "installing podman from Debian"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq podman >/dev/null
fi

# Rootful containers here fail with "error setting rlimit type 7: operation not permitted" unless the
# limits are set below the ones the service runs with.
if ! grep -qs 'default_ulimits' /etc/containers/containers.conf; then
  log "writing default_ulimits to /etc/containers/containers.conf"
  printf '[containers]\ndefault_ulimits = ["nofile=10000:10000", "nproc=10000:10000"]\n' \
    | $SUDO tee -a /etc/containers/containers.conf >/dev/null
fi
# Docker treats 127.0.0.0/8 registries as insecure; containers/image needs to be told.
conf=/etc/containers/registries.conf.d/50-pgimage-loopback.conf
if [ ! -f "$conf" ]; then
  printf '[[registry]]\nlocation = "localhost"\ninsecure = true\n\n[[registry]]\nlocation = "127.0.0.1"\ninsecure = true\n' \
    | $SUDO tee "$conf" >/dev/null
fi

answers() { curl -fsS --unix-socket "$SOCKET" http://d/version 2>/dev/null | grep -q 'Podman Engine'; }
# conmon starts in the service's working directory and ends at once when that directory is gone ("[conmon:e]
# Failed to get working directory"; every container start answers "write child: broken pipe"). A service started
# from a clone that was deleted since is restarted; a new one starts from /.
for pid in $(pgrep -f 'podman system service' || true); do
  if [[ "$($SUDO readlink "/proc/$pid/cwd" 2>/dev/null)" == *"(deleted)" ]]; then
    log "restarting podman system service (pid $pid): its working directory was deleted"
    $SUDO kill "$pid"
    for _ in $(seq 1 30); do [ -d "/proc/$pid" ] || break; sleep 1; done
  fi
done
if ! answers; then
  log "starting podman system service (log: $STATE_DIR/service.log)"
  (cd / && exec $SUDO setsid podman system service --time=0 "unix://$SOCKET" >"$STATE_DIR/service.log" 2>&1 < /dev/null) &
  for _ in $(seq 1 60); do answers && break; sleep 1; done
  answers || { log "podman did not answer on $SOCKET within 60 s"; tail -n 30 "$STATE_DIR/service.log" >&2; exit 1; }
fi
log "podman answers: $(podman version --format '{{.Server.Version}}' 2>/dev/null || echo '?')"

if ! podman image exists docker.io/library/debian:bookworm-slim; then
  ROOTFS="${PGIMAGE_ENGINE_STATE:-/var/tmp/pgimage-engine}/bookworm-rootfs"
  if [ ! -f "$ROOTFS/.complete" ]; then
    # provision-engine.sh makes the rootfs (and engine A, which CI runs first anyway)
    bash "$(dirname "$0")/provision-engine.sh" >&2
  fi
  $SUDO tar -C "$ROOTFS" --exclude=./.complete -c . \
    | podman import --change 'CMD ["bash"]' - docker.io/library/debian:bookworm-slim >/dev/null
  log "imported debian:bookworm-slim into podman"
fi
echo "unix://$SOCKET"
