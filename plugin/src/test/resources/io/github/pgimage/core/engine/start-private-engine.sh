#!/usr/bin/env bash
# Starts a private Docker engine beside the machine's, for tests that must not touch the shared one (freeze it,
# give it an empty store): unix://DIR/docker.sock, holding nothing but debian:bookworm-slim, copied from the engine at
# SOURCE_SOCKET (nothing can be pulled here). PGIMAGE_DOCKERD picks the dockerd binary (test-all.sh sets engine C's
# wrapper); dockerd options after the bridge's subnet are passed on (--config-file for the containerd image store).
# Usage: start-private-engine.sh DIR SOURCE_SOCKET BRIDGE SUBNET [DOCKERD_OPTION...]. Writes DIR/dockerd.pid,
# DIR/dockerd.log; stop it with stop-private-engine.sh DIR BRIDGE.
# It leaves the default engine's docker0 alone (`--bridge=none` makes dockerd DELETE docker0): a bridge of its own,
# on a subnet no other engine here uses, and no iptables rules; its build steps need no network.
set -euo pipefail
dir="$1"
source_socket="$2"
bridge="$3"
subnet="$4"
shift 4
mkdir -p "$dir"
cd "$dir"

docker0_before="$(ip -o link show docker0 2>/dev/null | wc -l)"
if ! ip link show "$bridge" >/dev/null 2>&1; then
  ip link add "$bridge" type bridge
  ip addr add "$subnet" dev "$bridge"
fi
ip link set "$bridge" up

# short exec-root: containerd's socket path under it must stay below the unix socket path limit
exec_root="$(mktemp -d /tmp/pgeng.XXXXXX)"
echo "$exec_root" >exec-root
setsid "${PGIMAGE_DOCKERD:-dockerd}" \
  -H "unix://$dir/docker.sock" "$@" \
  --data-root "$dir/data" --exec-root "$exec_root" --pidfile "$dir/dockerd.pid" \
  --bridge "$bridge" --iptables=false --ip6tables=false --ip-masq=false \
  >"$dir/dockerd.log" 2>&1 </dev/null &

for _ in $(seq 1 60); do
  curl -sf --unix-socket "$dir/docker.sock" http://localhost/_ping >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf --unix-socket "$dir/docker.sock" http://localhost/_ping >/dev/null || { tail -n 30 "$dir/dockerd.log" >&2; exit 1; }
if [ "$docker0_before" = 1 ] && ! ip link show docker0 >/dev/null 2>&1; then
  echo "starting the private engine removed docker0, the default engine's bridge" >&2
  exit 1
fi

curl -sf --unix-socket "$source_socket" "http://localhost/images/get?names=debian:bookworm-slim" \
  | curl -sf --unix-socket "$dir/docker.sock" -X POST -H 'Content-Type: application/x-tar' --data-binary @- \
      "http://localhost/images/load?quiet=1" >/dev/null
echo "private engine on unix://$dir/docker.sock (pid $(cat "$dir/dockerd.pid"))"
