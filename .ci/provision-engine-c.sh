#!/usr/bin/env bash
# Engine C: Docker 28.5 + containerd 2.1 from Debian sid's packages, beside engine A (Debian 12's 20.10), in one of
# two flavours that run side by side, each with its own socket, data root, exec root, pidfile, containerd
# namespaces and bridge:
#   .ci/provision-engine-c.sh classic      the classic image store (graph driver)           172.29.0.1/16
#   .ci/provision-engine-c.sh containerd   the containerd image store (Docker 29's default) 172.28.0.1/16
# Prints the DOCKER_HOST to use. Idempotent: an engine that answers is left running as it is.
# Also unpacks docker-buildx 0.29 as a CLI plugin in a Docker config folder of its own
# (DOCKER_CONFIG=/var/tmp/pgimage-engine-c/docker-config), so that the CLI of engine A's users is not changed.
# Why this way: no registry is reachable, so the binaries come from Debian's mirror as .debs unpacked to a folder;
# sid's runc needs a newer glibc than Debian 12's, so Debian 12's runc stays first on PATH.
set -euo pipefail

log() { printf '[provision-c] %s\n' "$*" >&2; }
STORE="${1:-classic}"
case "$STORE" in
  classic)    BRIDGE=brpgc;  SUBNET=172.29.0.1/16; SNAPSHOTTER=false ;;
  containerd) BRIDGE=brpgcd; SUBNET=172.28.0.1/16; SNAPSHOTTER=true ;;
  *) log "usage: $0 classic|containerd"; exit 2 ;;
esac
STATE=/var/tmp/pgimage-engine-c
RUN="/run/pgimage-engine-c-$STORE"
SOCK="$RUN/docker.sock"
HOST="unix://$SOCK"
ROOT="$STATE/root"
BIN="$ROOT/usr/bin"
SBIN="$ROOT/usr/sbin"
mkdir -p "$STATE" "$RUN"

answers() { DOCKER_HOST="$HOST" /usr/bin/docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# Each dockerd 28 rebuilds Docker's shared FORWARD chains (DOCKER-FORWARD, DOCKER-CT) when it starts, and keeps only
# its own bridge there: the flavour started first then forwards nothing, so its build steps reach no Debian mirror
# (apt: "Temporary failure resolving"). DOCKER-USER is left to the user by every dockerd: allow this bridge there.
allow_forwarding() {
  iptables -C DOCKER-USER -i "$BRIDGE" -j ACCEPT 2>/dev/null || iptables -I DOCKER-USER -i "$BRIDGE" -j ACCEPT
  iptables -C DOCKER-USER -o "$BRIDGE" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT 2>/dev/null \
    || iptables -I DOCKER-USER -o "$BRIDGE" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
}

command -v runc >/dev/null 2>&1 || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq runc >/dev/null; }
[ -x /usr/bin/docker ] || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null; }

if [ ! -x "$SBIN/dockerd" ] || [ ! -x "$ROOT/usr/libexec/docker/cli-plugins/docker-buildx" ]; then
  MIRROR="${DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}"
  [ -n "$MIRROR" ] || MIRROR="$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
  [ -n "$MIRROR" ] || { log "no Debian mirror found in apt's sources; set DEBIAN_MIRROR"; exit 1; }
  APT="$STATE/apt"
  rm -rf "$STATE/debs" "$ROOT"
  mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$STATE/debs"
  echo "deb $MIRROR sid main" > "$APT/sources.list"
  opts=(-o Dir::Etc::SourceList="$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache" -o APT::Get::List-Cleanup=0)
  log "downloading sid's docker.io, containerd and docker-buildx"
  apt-get "${opts[@]}" update -qq >/dev/null
  (cd "$STATE/debs" && apt-get "${opts[@]}" download docker.io containerd docker-buildx >/dev/null)
  for deb in "$STATE"/debs/*.deb; do dpkg -x "$deb" "$ROOT"; done
  # sid's runc (if a package brought one) needs glibc 2.38; Debian 12's runc must be the one found
  rm -f "$BIN/runc" "$SBIN/runc"
fi
[ -x "$SBIN/dockerd" ] || { log "dockerd missing after unpacking"; exit 1; }

# The benchmark's peer: buildx as a CLI plugin of a Docker config folder of its own.
mkdir -p "$STATE/docker-config/cli-plugins"
ln -sf "$ROOT/usr/libexec/docker/cli-plugins/docker-buildx" "$STATE/docker-config/cli-plugins/docker-buildx"

# Tests that start engines of their own (a TLS engine, an empty second runner) use this wrapper to get engine C's
# version: PGIMAGE_DOCKERD=/var/tmp/pgimage-engine-c/dockerd.
cat > "$STATE/dockerd" <<WRAPPER
#!/bin/sh
# its own docker-proxy: Debian 12's (engine A's, first on PATH) is refused by 28.5 when a port is published
PATH="/usr/sbin:/usr/bin:/sbin:/bin:$BIN:$SBIN:\$PATH" exec "$SBIN/dockerd" --userland-proxy-path "$SBIN/docker-proxy" "\$@"
WRAPPER
chmod +x "$STATE/dockerd"

# Every time (a pruned build cache makes the base new to BuildKit again): see settle-base-image.sh.
settle() { bash "$(dirname "$0")/settle-base-image.sh" "$HOST" debian:bookworm-slim; }

if answers; then
  allow_forwarding
  settle
  echo "$HOST"; exit 0
fi

if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
  ip link add "$BRIDGE" type bridge
  ip addr add "$SUBNET" dev "$BRIDGE"
  ip link set "$BRIDGE" up
fi

# Its own config file, so that engine A's /etc/docker/daemon.json is not read, and the image store is explicit.
printf '{"features":{"containerd-snapshotter":%s}}\n' "$SNAPSHOTTER" > "$STATE/daemon-$STORE.json"
log "starting dockerd $("$SBIN/dockerd" --version | awk '{print $3}' | tr -d ,) ($STORE image store) on $SOCK"
# from /: a daemon keeps its working directory, and a clone that starts it may be deleted while it runs
(cd / && exec setsid "$STATE/dockerd" \
  -H "$HOST" --config-file "$STATE/daemon-$STORE.json" --data-root "$STATE/data-$STORE" \
  --exec-root "$RUN/exec" --pidfile "$RUN/docker.pid" --bridge "$BRIDGE" \
  --containerd-namespace "pgimage-c-$STORE" --containerd-plugins-namespace "pgimage-c-$STORE-plugins" \
  >"$STATE/dockerd-$STORE.log" 2>&1 < /dev/null) &
for _ in $(seq 1 60); do answers && break; sleep 1; done
answers || { log "engine C ($STORE) did not answer; see $STATE/dockerd-$STORE.log"; tail -n 30 "$STATE/dockerd-$STORE.log" >&2; exit 1; }
ip link show docker0 >/dev/null 2>&1 || log "warning: docker0 is gone (engine A's bridge)"
allow_forwarding

if ! DOCKER_HOST="$HOST" /usr/bin/docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  ROOTFS=/var/tmp/pgimage-engine/bookworm-rootfs
  if [ -f "$ROOTFS/.complete" ]; then
    tar -C "$ROOTFS" --exclude=./.complete -c . | DOCKER_HOST="$HOST" /usr/bin/docker import -c 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
  else
    # Engine A made its base image some other way; copy it instead of running debootstrap again.
    /usr/bin/docker save debian:bookworm-slim | DOCKER_HOST="$HOST" /usr/bin/docker load >/dev/null
  fi
  log "imported debian:bookworm-slim into engine C ($STORE)"
fi
settle
echo "$HOST"
