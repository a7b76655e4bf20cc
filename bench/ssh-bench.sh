#!/usr/bin/env bash
# What sharing one ssh login (ControlMaster, the plugin's default for ssh:// engines) saves against a login per
# connection: a private sshd on 127.0.0.1 (host and client keys made here, only that key let in) in front of this
# machine's engine, then SshBench takes turns with the two clients and prints medians of one engine request (a
# connection each) and of a runtime-script edit's build. A loopback login is the cheapest there is: over a network,
# each login adds its round trips. Extra arguments go to the benchmark: --runs=N --requests=N.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
mvn="mvn"
command -v mvn >/dev/null || mvn="$root/mvnw"

bash "$root/.ci/provision-engine.sh"
bash "$root/.ci/provision-sshd.sh"
"$mvn" -q -B -f "$root/pom.xml" -Pbench -DskipTests -pl bench -am package

work="$(mktemp -d /tmp/pgimage-ssh-bench.XXXXXX)"
sshd_pid=""
cleanup() {
  if [ -n "$sshd_pid" ]; then
    # the sessions sshd forked outlive it: end them first, by their parent's id, then sshd
    children="$(pgrep -P "$sshd_pid" || true)"
    [ -z "$children" ] || kill $children 2>/dev/null || true
    kill "$sshd_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

ssh-keygen -q -t ed25519 -N '' -C pgimage-bench -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -C pgimage-bench -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
port=""
for candidate in $(shuf -i 20000-60000 -n 20); do
  if ! ss -ltn "sport = :$candidate" | grep -q LISTEN; then port="$candidate"; break; fi
done
[ -n "$port" ] || { echo "no free port found for sshd" >&2; exit 1; }
cat > "$work/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
PidFile none
CONF
echo "[127.0.0.1]:$port $(cat "$work/host_key.pub")" > "$work/known_hosts"
cat > "$work/ssh_config" <<CONF
Host *
  IdentityFile $work/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $work/known_hosts
  StrictHostKeyChecking yes
  LogLevel ERROR
CONF
/usr/sbin/sshd -D -e -f "$work/sshd_config" >"$work/sshd.log" 2>&1 &
sshd_pid=$!
for _ in $(seq 1 100); do grep -q "Server listening" "$work/sshd.log" && break; sleep 0.1; done
grep -q "Server listening" "$work/sshd.log" || { cat "$work/sshd.log" >&2; exit 1; }

socket=/var/run/docker.sock
case "${DOCKER_HOST:-}" in unix://*) socket="${DOCKER_HOST#unix://}" ;; esac
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$here/target/classes:$here/target/lib/*" io.github.pgimage.bench.SshBench \
  "ssh://$(id -un)@127.0.0.1:$port$socket" "$work/ssh_config" "$work" "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
