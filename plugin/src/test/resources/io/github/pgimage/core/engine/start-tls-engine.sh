#!/usr/bin/env bash
# Starts a second Docker engine for TlsEngineIT that listens only on tcp://127.0.0.1:PORT with the
# engine's own TLS (--tlsverify: clients need a certificate signed by the test CA), and loads
# debian:bookworm-slim from the default engine into it (nothing can be pulled here).
# Usage: start-tls-engine.sh DIR PORT. PGIMAGE_DOCKERD picks the dockerd binary (default: dockerd on PATH), so
# that a test run against Engine B starts an engine of Engine B's version. Writes DIR/ca.pem, DIR/server-*.pem, DIR/client/{ca,cert,key}.pem,
# DIR/dockerd.pid, DIR/dockerd.log. Stop it with stop-tls-engine.sh DIR.
# It must not disturb the default engine: `--bridge=none` makes dockerd DELETE docker0, so this
# engine gets a bridge of its own (br-pgtls, a subnet no other engine here uses) and no iptables
# rules; the build steps it runs need no network beyond that bridge.
set -euo pipefail
dir="$1"
port="$2"
mkdir -p "$dir/client"
cd "$dir"

openssl_quiet() { openssl "$@" 2>/dev/null; }
openssl_quiet req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=pgimage test CA" -keyout ca-key.pem -out ca.pem
openssl_quiet req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server-key.pem -out server.csr
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
openssl_quiet x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 -extfile server.ext -out server-cert.pem
openssl_quiet req -newkey rsa:2048 -nodes -subj "/CN=pgimage test client" -keyout client/key.pem -out client.csr
printf 'extendedKeyUsage=clientAuth\n' >client.ext
openssl_quiet x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 -extfile client.ext -out client/cert.pem
cp ca.pem client/ca.pem

bridge=br-pgtls
docker0_before="$(ip -o link show docker0 2>/dev/null | wc -l)"
if ! ip link show "$bridge" >/dev/null 2>&1; then
  ip link add "$bridge" type bridge
  ip addr add 10.231.77.1/24 dev "$bridge"
fi
ip link set "$bridge" up

# short exec-root: containerd's socket path under it must stay below the unix socket path limit
exec_root="$(mktemp -d /tmp/pgtls.XXXXXX)"
echo "$exec_root" >exec-root
setsid "${PGIMAGE_DOCKERD:-dockerd}" \
  -H "tcp://127.0.0.1:$port" --tlsverify --tlscacert ca.pem --tlscert server-cert.pem --tlskey server-key.pem \
  --data-root "$dir/data" --exec-root "$exec_root" --pidfile "$dir/dockerd.pid" \
  --bridge "$bridge" --iptables=false --ip6tables=false --ip-masq=false \
  >"$dir/dockerd.log" 2>&1 </dev/null &

tls=(--cacert client/ca.pem --cert client/cert.pem --key client/key.pem)
for _ in $(seq 1 60); do
  curl -sf "${tls[@]}" "https://127.0.0.1:$port/_ping" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "${tls[@]}" "https://127.0.0.1:$port/_ping" >/dev/null || { tail -n 30 "$dir/dockerd.log" >&2; exit 1; }

if [ "$docker0_before" = 1 ] && ! ip link show docker0 >/dev/null 2>&1; then
  echo "starting the TLS engine removed docker0, the default engine's bridge" >&2
  exit 1
fi

# copy the base image over the two engines' own APIs
curl -sf --unix-socket /var/run/docker.sock "http://localhost/images/get?names=debian:bookworm-slim" \
  | curl -sf "${tls[@]}" -X POST -H 'Content-Type: application/x-tar' --data-binary @- \
      "https://127.0.0.1:$port/images/load?quiet=1" >/dev/null
echo "TLS engine on tcp://127.0.0.1:$port (pid $(cat "$dir/dockerd.pid"))"
