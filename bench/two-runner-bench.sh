#!/usr/bin/env bash
# Two CI runners that share nothing but a registry. Runner 1 builds the project with inlineCache and pushes it.
# Runner 2 starts empty (builder cache pruned, every image but the base removed) and builds the project with one
# runtime script edited, once without and once with cacheFrom pointing at the pushed image. Both runners use the
# engine RUNNER_ENGINE (default: Engine C, Docker 28.5, classic store) one after the other: CI runners share an engine version,
# and BuildKit's cache keys are not stable across its generations (a cache pushed from Engine 20.10 gives
# 0 hits on 26.1). Prints seconds (the plugin's own time) for both and their ratio.
#
# Usage: bench/two-runner-bench.sh [PROJECT_DIR]   (default: example-project)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
project="${1:-$root/example-project}"
cli=/usr/bin/docker
work="$(mktemp -d /tmp/pgimage-two-runner.XXXXXX)"
registry_pid=""
cleanup() { [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

bash "$root/.ci/provision-engine.sh"
engine_c="$(bash "$root/.ci/provision-engine-c.sh" classic)"
command -v docker-registry >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null; }
"$root/mvnw" -q -B -f "$root/pom.xml" -pl plugin -am install -DskipTests -DskipITs -Dinvoker.skip

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$work/registry"
cat > "$work/registry/config.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/registry/data}}
http: {addr: 127.0.0.1:$port}
YML
(cd "$work/registry" && { setsid docker-registry serve config.yml >registry.log 2>&1 < /dev/null & echo $! > pid; })
registry_pid="$(cat "$work/registry/pid")"
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.2; done
image="localhost:$port/pgimage-bench/two-runner:1"

pom="$project/pom.xml"
[ -f "$pom" ] || pom="$root/example-project/pom.xml"
coords="io.github.pgimage:postgres-image-maven-plugin:0.1.0-SNAPSHOT"
mkdir -p "$work/src"
(cd "$project" && tar --exclude=./target -cf - .) | tar -C "$work/src" -xf -

mvn_build() {  # $1 log name, then extra -D options; prints the plugin's own seconds
  local name="$1"; shift
  "$root/mvnw" -B -f "$pom" "$@" -Dpostgres-image.sourceDirectory="$work/src" >"$work/$name.log" 2>&1 \
    || { tail -n 40 "$work/$name.log" >&2; exit 1; }
  sed -n 's/.*postgres-image:build took \([0-9]*\) ms.*/\1/p' "$work/$name.log" | awk '{ printf "%.2f", $1 / 1000 }'
}

runner="${RUNNER_ENGINE:-$engine_c}"
fresh_runner() { DOCKER_HOST="$runner" "$cli" image rm -f "$image" pgimage-bench:runner2 >/dev/null 2>&1 || true
                 DOCKER_HOST="$runner" "$cli" builder prune -af >/dev/null; }

# Runner 1: a full build with cache metadata in the image, pushed to the shared registry.
echo "runner 1: build with inlineCache and push to $image" >&2
fresh_runner
DOCKER_HOST="$runner" "$root/mvnw" -q -B -f "$pom" "$coords:build" "$coords:push" -Dpostgres-image.sourceDirectory="$work/src" \
  -Dpostgres-image.image="$image" -Dpostgres-image.inlineCache=true -Dpgimage.image="$image" >"$work/runner1.log" 2>&1 \
  || { tail -n 40 "$work/runner1.log" >&2; exit 1; }

# Runner 2: a developer's edit to a runtime script, on a runner that starts with an empty builder cache.
printf '\n# edited %s\n' "$(date +%s%N)" >> "$(ls "$work"/src/entrypoint.d/scripts/*.sh | tail -n 1)"
fresh_runner
cold=$(DOCKER_HOST="$runner" mvn_build cold "$coords:build" -Dpgimage.image=pgimage-bench:runner2)
echo "runner 2 without registry cache: $cold s" >&2
fresh_runner
cached=$(DOCKER_HOST="$runner" mvn_build cached "$coords:build" -Dpgimage.image=pgimage-bench:runner2 \
  -Dpostgres-image.cacheFrom="$image")
steps=$(grep -o '[0-9]* of [0-9]* steps cached' "$work/cached.log")
echo "runner 2 with cacheFrom: $cached s ($steps)" >&2
fresh_runner

printf '\n| runner 2 (empty builder cache), runtime-script edit | plugin (s) |\n|---|---|\n'
printf '| cold, no registry cache | %s |\n| cacheFrom the image runner 1 pushed (%s) | %s |\n' "$cold" "$steps" "$cached"
printf '| ratio | %s |\n' "$(awk -v a="$cached" -v b="$cold" 'BEGIN { printf "%.2f", a / b }')"
