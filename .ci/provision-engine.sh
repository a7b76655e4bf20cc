#!/usr/bin/env bash
# Makes sure a Docker engine (Engine A: Debian 12's docker.io, API 1.41) answers and that the
# base image debian:bookworm-slim exists in it. Nothing can be pulled on these machines, so the
# base image is made with debootstrap. Idempotent: when both are already there it only settles the
# base (settle-base-image.sh: a FROM-only build, a fraction of a second).
set -euo pipefail

log() { printf '[provision] %s\n' "$*" >&2; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
STATE_DIR="${PGIMAGE_ENGINE_STATE:-/var/tmp/pgimage-engine}"
$SUDO mkdir -p "$STATE_DIR"

engine_answers() { /usr/bin/docker info >/dev/null 2>&1 || docker info >/dev/null 2>&1; }

if ! engine_answers; then
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    log "installing docker.io and debootstrap from Debian"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker.io debootstrap >/dev/null
  fi
  log "starting dockerd (log: $STATE_DIR/dockerd.log)"
  # from /: a daemon keeps its working directory, and a clone that starts it may be deleted while it runs
  (cd / && exec $SUDO setsid dockerd >"$STATE_DIR/dockerd.log" 2>&1 < /dev/null) &
  for _ in $(seq 1 60); do
    engine_answers && break
    sleep 1
  done
  engine_answers || { log "dockerd did not answer within 60 s; see $STATE_DIR/dockerd.log"; tail -n 30 "$STATE_DIR/dockerd.log" >&2; exit 1; }
fi
log "engine answers: $(/usr/bin/docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null || docker version --format '{{.Server.Version}}')"

if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  command -v debootstrap >/dev/null 2>&1 || {
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq debootstrap >/dev/null
  }
  # The machine's own apt mirror: whatever this host installs packages from, the image's rootfs comes from too.
  MIRROR="${DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}"
  [ -n "$MIRROR" ] || MIRROR="$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
  [ -n "$MIRROR" ] || { log "no Debian mirror found in apt's sources; set DEBIAN_MIRROR"; exit 1; }
  ROOTFS="$STATE_DIR/bookworm-rootfs"
  if [ ! -f "$ROOTFS/.complete" ]; then
    log "making debian:bookworm-slim with debootstrap (about 30 s)"
    $SUDO rm -rf "$ROOTFS"
    $SUDO debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$STATE_DIR/debootstrap.log" 2>&1 \
      || { tail -n 30 "$STATE_DIR/debootstrap.log" >&2; exit 1; }
    $SUDO touch "$ROOTFS/.complete"
  fi
  $SUDO tar -C "$ROOTFS" --exclude=./.complete -c . | docker import -c 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
  log "imported debian:bookworm-slim"
fi

# Every time, not only after an import: a pruned build cache (bench/) makes the base new to BuildKit again.
case "${DOCKER_HOST:-unix:///var/run/docker.sock}" in
  unix://*) $SUDO bash "$(dirname "$0")/settle-base-image.sh" "${DOCKER_HOST:-unix:///var/run/docker.sock}" debian:bookworm-slim ;;
  *) log "DOCKER_HOST is not a unix socket: debian:bookworm-slim not settled (see .ci/settle-base-image.sh)" ;;
esac
