#!/usr/bin/env bash
# Engine B: Docker 26.x from Debian 13's packages, beside engine A, on its own socket, data root and bridge.
# Prints the DOCKER_HOST to use (unix:///run/pgimage-engine-b/docker.sock). Idempotent.
# Why this way: no registry is reachable, so the binaries come from Debian's mirror as .debs unpacked to a
# folder; trixie's runc needs a newer glibc, so Debian 12's runc stays first on PATH.
set -euo pipefail

log() { printf '[provision-b] %s\n' "$*" >&2; }
STATE=/var/tmp/pgimage-engine-b
RUN=/run/pgimage-engine-b
SOCK="$RUN/docker.sock"
HOST="unix://$SOCK"
BIN="$STATE/root/usr/bin"
SBIN="$STATE/root/usr/sbin"
mkdir -p "$STATE" "$RUN"

# Tests that start engines of their own (a TLS engine, an empty second runner) use this wrapper to get the same
# engine version as engine B: PGIMAGE_DOCKERD=/var/tmp/pgimage-engine-b/dockerd.
cat > "$STATE/dockerd" <<WRAPPER
#!/bin/sh
PATH="/usr/sbin:/usr/bin:$BIN:$SBIN:\$PATH" exec "$SBIN/dockerd" "\$@"
WRAPPER
chmod +x "$STATE/dockerd"

answers() { DOCKER_HOST="$HOST" /usr/bin/docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if answers; then
  echo "$HOST"; exit 0
fi

command -v runc >/dev/null 2>&1 || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq runc >/dev/null; }
[ -x /usr/bin/docker ] || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null; }

if [ ! -x "$SBIN/dockerd" ]; then
  MIRROR="${DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}"
  [ -n "$MIRROR" ] || MIRROR="$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
  [ -n "$MIRROR" ] || { log "no Debian mirror found in apt's sources; set DEBIAN_MIRROR"; exit 1; }
  APT="$STATE/apt"
  mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$STATE/debs"
  echo "deb $MIRROR trixie main" > "$APT/sources.list"
  opts=(-o Dir::Etc::SourceList="$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache" -o APT::Get::List-Cleanup=0)
  log "downloading trixie's docker.io and containerd"
  apt-get "${opts[@]}" update -qq >/dev/null
  (cd "$STATE/debs" && apt-get "${opts[@]}" download docker.io containerd >/dev/null)
  for deb in "$STATE"/debs/*.deb; do dpkg -x "$deb" "$STATE/root"; done
fi
[ -x "$SBIN/dockerd" ] || { log "dockerd missing after unpacking"; exit 1; }

if ! ip link show br26 >/dev/null 2>&1; then
  ip link add br26 type bridge
  ip addr add 172.31.0.1/16 dev br26
  ip link set br26 up
fi

log "starting dockerd $("$SBIN/dockerd" --version | awk '{print $3}' | tr -d ,) on $SOCK"
# Debian 12's runc first; trixie's containerd and shims from the unpacked folder.
PATH="/usr/sbin:/usr/bin:$BIN:$SBIN:$PATH" setsid "$SBIN/dockerd" \
  -H "$HOST" --data-root "$STATE/data" --exec-root "$RUN/exec" --pidfile "$RUN/docker.pid" \
  --bridge br26 --containerd-namespace pgimage-b --containerd-plugins-namespace pgimage-b-plugins \
  >"$STATE/dockerd.log" 2>&1 < /dev/null &
for _ in $(seq 1 60); do answers && break; sleep 1; done
answers || { log "engine B did not answer; see $STATE/dockerd.log"; tail -n 30 "$STATE/dockerd.log" >&2; exit 1; }
ip link show docker0 >/dev/null 2>&1 || log "warning: docker0 is gone (engine A's bridge)"

if ! DOCKER_HOST="$HOST" /usr/bin/docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  ROOTFS=/var/tmp/pgimage-engine/bookworm-rootfs
  if [ -f "$ROOTFS/.complete" ]; then
    tar -C "$ROOTFS" --exclude=./.complete -c . | DOCKER_HOST="$HOST" /usr/bin/docker import -c 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
  else
    # Engine A made the rootfs; reuse its image instead of running debootstrap again.
    /usr/bin/docker save debian:bookworm-slim | DOCKER_HOST="$HOST" /usr/bin/docker load >/dev/null
  fi
  log "imported debian:bookworm-slim into engine B"
fi
echo "$HOST"
