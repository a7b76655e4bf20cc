#!/usr/bin/env bash
# Starts a fresh CI runner for RegistryCacheIT, LocalCacheIT and FreshEngineCacheIT: a second Docker engine with an
# empty data root, on unix://DIR/docker.sock, holding nothing but the base image (copied from the engine at
# SOURCE_SOCKET, as a runner would pull it; its build cache has never seen it). PGIMAGE_DOCKERD picks the dockerd
# binary (test-all.sh sets engine C's wrapper).
# Usage: start-runner-engine.sh DIR SOURCE_SOCKET [STORE], STORE containerd (the default: the containerd image store)
# or classic. Writes DIR/dockerd.pid, DIR/dockerd.log; stop it with stop-runner-engine.sh DIR.
# Like start-tls-engine.sh it leaves the default engine's docker0 alone: a bridge of its own (br-pgrun, a subnet no
# other engine here uses) and no iptables rules; its build steps need no network.
set -euo pipefail
dir="$1"
source_socket="$2"
case "${3:-containerd}" in
  containerd) snapshotter=true ;;
  classic) snapshotter=false ;;
  *) echo "unknown image store $3 (containerd or classic)" >&2; exit 2 ;;
esac
mkdir -p "$dir"
cd "$dir"

bridge=br-pgrun
if ! ip link show "$bridge" >/dev/null 2>&1; then
  ip link add "$bridge" type bridge
  ip addr add 10.231.78.1/24 dev "$bridge"
fi
ip link set "$bridge" up

printf '{"features":{"containerd-snapshotter":%s}}\n' "$snapshotter" >daemon.json
# short exec-root: containerd's socket path under it must stay below the unix socket path limit
exec_root="$(mktemp -d /tmp/pgrun.XXXXXX)"
echo "$exec_root" >exec-root
setsid "${PGIMAGE_DOCKERD:-dockerd}" \
  -H "unix://$dir/docker.sock" --config-file "$dir/daemon.json" \
  --data-root "$dir/data" --exec-root "$exec_root" --pidfile "$dir/dockerd.pid" \
  --bridge "$bridge" --iptables=false --ip6tables=false --ip-masq=false \
  >"$dir/dockerd.log" 2>&1 </dev/null &

for _ in $(seq 1 60); do
  curl -sf --unix-socket "$dir/docker.sock" http://localhost/_ping >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf --unix-socket "$dir/docker.sock" http://localhost/_ping >/dev/null || { tail -n 30 "$dir/dockerd.log" >&2; exit 1; }

curl -sf --unix-socket "$source_socket" "http://localhost/images/get?names=debian:bookworm-slim" \
  | curl -sf --unix-socket "$dir/docker.sock" -X POST -H 'Content-Type: application/x-tar' --data-binary @- \
      "http://localhost/images/load?quiet=1" >/dev/null
echo "runner engine on unix://$dir/docker.sock (pid $(cat "$dir/dockerd.pid"))"
