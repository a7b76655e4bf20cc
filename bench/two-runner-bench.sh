#!/usr/bin/env bash
# Two CI runners that share nothing but a registry, on engine C with the containerd image store (Docker 29's
# default; registry cache exports need it). Runner 1 builds a small project with a builder stage (setup/build/) and
# pushes it, writing both kinds of cache: inline metadata in the image (inlineCache) and a mode=max registry cache
# (cacheTo). Runner 2 is a fresh engine with an empty data root (only the base image loaded, as a runner would pull
# it), started anew for each measurement; it builds the project with an edit, once with cacheFrom the pushed image
# (inline cache: only the final image's steps) and once with cacheFrom the mode=max cache (every stage's steps, the
# builder stage's too). Two edits: a runtime script, and the builder stage's second script (whose first script's
# step is in no final image layer). Prints the plugin's own seconds and the steps cached for each.
#
# Usage: bench/two-runner-bench.sh [SECONDS_OF_WORK]   (default 8: what the setup and builder scripts sleep)
#        bench/two-runner-bench.sh release [PROJECT_DIR]   (default example-project: PostgreSQL's packages, ~400 MB
#          of setup layers) the release pipeline's rows: runner 1 pushes and exports a mode=max cache; on a fresh
#          runner each time, one runtime script edited: a cold build+push (no cache), build+push with the cache
#          (load=true), build+push with the cache and load=false, and docker buildx build --push with the same cache
#          (fed the plugin's Dockerfile and context); each with the seconds and the ratio to the cold build+push.
set -euo pipefail
mode=runners
if [ "${1:-}" = release ]; then mode=release; shift; fi

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work_seconds="${1:-8}"
work="$(mktemp -d /tmp/pgimage-two-runner.XXXXXX)"
runner_scripts="$root/plugin/src/test/resources/io/github/pgimage/core/imagebuild"
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null
  [ -f "$work/runner2/dockerd.pid" ] && bash "$runner_scripts/stop-runner-engine.sh" "$work/runner2" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

runner1="$(bash "$root/.ci/provision-engine-c.sh" containerd)"
export PGIMAGE_DOCKERD=/var/tmp/pgimage-engine-c/dockerd
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
cache="localhost:$port/pgimage-bench/two-runner:cache"

if [ "$mode" = release ]; then
  release_project="${1:-$root/example-project}"
  pom="$root/example-project/pom.xml"
  coords="io.github.pgimage:postgres-image-maven-plugin:0.1.0-SNAPSHOT"
  src="$work/src"
  mkdir -p "$src" && (cd "$release_project" && tar --exclude=./target -cf - .) | tar -C "$src" -xf -
  image="localhost:$port/pgimage-bench/release"
  cache="localhost:$port/pgimage-bench/release:cache"
  build() {  # $1 log name, then options; prints the plugin's own seconds
    local name="$1"; shift
    "$root/mvnw" -B -f "$pom" "$coords:build" -Dpostgres-image.sourceDirectory="$src" -Dpostgres-image.push=true "$@" \
        >"$work/$name.log" 2>&1 || { tail -n 40 "$work/$name.log" >&2; exit 1; }
    awk -v ms="$(sed -n 's/.*postgres-image:build took \([0-9]*\) ms.*/\1/p' "$work/$name.log")" 'BEGIN { printf "%.2f", ms / 1000 }'
  }
  fresh() {  # an engine with an empty data root (only the base image), started anew
    [ -f "$work/runner2/dockerd.pid" ] && bash "$runner_scripts/stop-runner-engine.sh" "$work/runner2" >/dev/null 2>&1
    rm -rf "$work/runner2"
    bash "$runner_scripts/start-runner-engine.sh" "$work/runner2" "${runner1#unix://}" >&2
    echo "unix://$work/runner2/docker.sock"
  }
  # The runner engines of the tests start without iptables (their steps need no network); the cold row downloads
  # PostgreSQL's packages, so the bench lets the runner's bridge out while it runs, as a CI runner's engine would be.
  runner_net=(-s 10.231.78.0/24 ! -o br-pgrun -j MASQUERADE)
  iptables -t nat -C POSTROUTING "${runner_net[@]}" 2>/dev/null || iptables -t nat -A POSTROUTING "${runner_net[@]}"
  iptables -C DOCKER-USER -i br-pgrun -j ACCEPT 2>/dev/null || iptables -I DOCKER-USER -i br-pgrun -j ACCEPT
  iptables -C DOCKER-USER -o br-pgrun -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT 2>/dev/null \
    || iptables -I DOCKER-USER -o br-pgrun -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  trap 'iptables -t nat -D POSTROUTING "${runner_net[@]}" 2>/dev/null; iptables -D DOCKER-USER -i br-pgrun -j ACCEPT 2>/dev/null
        iptables -D DOCKER-USER -o br-pgrun -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT 2>/dev/null; cleanup' EXIT
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  echo "runner 1: build, push, mode=max registry cache" >&2
  DOCKER_HOST="$runner1" build runner1 -Dpgimage.image="$image:1" -Dpostgres-image.cacheTo="type=registry,ref=$cache,mode=max" >&2
  f="$(ls "$src"/entrypoint.d/scripts/*.sh | tail -n 1)"; printf '\n# release %s\n' "$(date +%s%N)" >> "$f"
  cold="$(DOCKER_HOST="$(fresh)" build cold -Dpgimage.image="$image:cold" -Dpostgres-image.noCache=true)"
  echo "cold build+push: $cold s" >&2
  loaded="$(DOCKER_HOST="$(fresh)" build loaded -Dpgimage.image="$image:loaded" -Dpostgres-image.cacheFrom="type=registry,ref=$cache")"
  echo "cache, load=true: $loaded s" >&2
  remote="$(DOCKER_HOST="$(fresh)" build remote -Dpgimage.image="$image:remote" -Dpostgres-image.cacheFrom="type=registry,ref=$cache" \
    -Dpostgres-image.load=false)"
  echo "cache, load=false: $remote s" >&2
  host="$(fresh)"
  DOCKER_HOST="$host" "$root/mvnw" -q -B -f "$pom" "$coords:context" -Dpostgres-image.sourceDirectory="$src" >"$work/ctx.log" 2>&1
  rm -rf "$work/bx" && mkdir -p "$work/bx" && tar -C "$work/bx" -xf "$root/example-project/target/postgres-image/context.tar"
  start=$(date +%s%N)
  DOCKER_HOST="$host" DOCKER_CONFIG=/var/tmp/pgimage-engine-c/docker-config /usr/local/bin/docker buildx build -q --push \
    --cache-from "type=registry,ref=$cache" -t "$image:buildx" -f "$work/bx/Dockerfile" "$work/bx" >/dev/null 2>"$work/bx.err" \
    || { cat "$work/bx.err" >&2; exit 1; }
  buildx="$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
  echo "buildx --push with the cache: $buildx s" >&2
  ratio() { awk -v a="$1" -v b="$cold" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
  printf '\n%s, %s; load average after: %s\n' "$(date -u +%Y-%m-%d)" "$(DOCKER_HOST="$runner1" /usr/local/bin/docker version --format '{{.Server.Version}}')" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '\n| fresh runner, one runtime script edited, build + push | seconds | of the cold build+push |\n|---|---|---|\n'
  printf '| no cache (cold) | %s | 1.00 |\n| mode=max cache, load=true | %s | %s |\n| mode=max cache, load=false | %s | %s |\n| docker buildx build --push, same cache | %s | %s |\n' \
    "$cold" "$loaded" "$(ratio "$loaded")" "$remote" "$(ratio "$remote")" "$buildx" "$(ratio "$buildx")"
  exit 0
fi

# The project: setup and builder work that a cache hit saves, content no engine has seen before.
run_id="$(date +%s%N)"
src="$work/src"
mkdir -p "$src/setup/scripts" "$src/setup/build" "$src/entrypoint.d/scripts"
printf '#!/bin/sh\nset -e\necho "base %s"\nsleep %s\nmkdir -p /opt/app\n' "$run_id" "$((work_seconds / 2))" > "$src/setup/scripts/01-base.sh"
printf '#!/bin/sh\nset -e\nsleep %s\nmkdir -p /opt/src && echo "fetched %s" > /opt/src/tool.c\n' \
  "$work_seconds" "$run_id" > "$src/setup/build/01-fetch.sh"
printf '#!/bin/sh\nset -e\nmkdir -p /opt/pgimage/out/opt/app\ncp /opt/src/tool.c /opt/pgimage/out/opt/app/tool\n' \
  > "$src/setup/build/02-compile.sh"
printf '#!/bin/sh\necho hello\n' > "$src/entrypoint.d/scripts/10-hello.sh"
chmod +x "$src"/setup/scripts/*.sh "$src"/setup/build/*.sh "$src"/entrypoint.d/scripts/*.sh

pom="$root/example-project/pom.xml"
coords="io.github.pgimage:postgres-image-maven-plugin:0.1.0-SNAPSHOT"
mvn_build() {  # $1 log name, then options; prints "seconds|N of M steps cached"
  local name="$1"; shift
  "$root/mvnw" -B -f "$pom" "$coords:build" -Dpostgres-image.sourceDirectory="$src" "$@" >"$work/$name.log" 2>&1 \
    || { tail -n 40 "$work/$name.log" >&2; exit 1; }
  local ms steps
  ms="$(sed -n 's/.*postgres-image:build took \([0-9]*\) ms.*/\1/p' "$work/$name.log")"
  steps="$(grep -o '[0-9]* of [0-9]* steps cached' "$work/$name.log" | tail -n 1)"
  printf '%s|%s\n' "$(awk -v ms="$ms" 'BEGIN { printf "%.2f", ms / 1000 }')" "$steps"
}

echo "runner 1: build, push, inline cache and mode=max registry cache" >&2
first="$(DOCKER_HOST="$runner1" mvn_build runner1 -Dpgimage.image="$image" -Dpostgres-image.push=true \
  -Dpostgres-image.inlineCache=true -Dpostgres-image.cacheTo="type=registry,ref=$cache,mode=max")"
echo "runner 1: ${first%%|*} s (${first#*|})" >&2

printf '#!/bin/sh\necho "hello, edited %s"\n' "$run_id" > "$src/entrypoint.d/scripts/10-hello.sh"
fresh_runner() {  # prints the DOCKER_HOST of an engine with an empty data root
  [ -f "$work/runner2/dockerd.pid" ] && bash "$runner_scripts/stop-runner-engine.sh" "$work/runner2" >/dev/null 2>&1
  rm -rf "$work/runner2"
  bash "$runner_scripts/start-runner-engine.sh" "$work/runner2" "${runner1#unix://}" >&2
  echo "unix://$work/runner2/docker.sock"
}

measure() {  # $1 label: a fresh runner without cache, with the inline cache, with the mode=max cache
  local host cold inline max
  host="$(fresh_runner)"
  cold="$(DOCKER_HOST="$host" mvn_build cold -Dpgimage.image=pgimage-bench/runner2:1)"
  host="$(fresh_runner)"
  inline="$(DOCKER_HOST="$host" mvn_build inline -Dpgimage.image=pgimage-bench/runner2:1 -Dpostgres-image.cacheFrom="$image")"
  host="$(fresh_runner)"
  max="$(DOCKER_HOST="$host" mvn_build max -Dpgimage.image=pgimage-bench/runner2:1 \
    -Dpostgres-image.cacheFrom="type=registry,ref=$cache")"
  printf '| %s | %s (%s) | %s (%s) | %s (%s) |\n' "$1" "${cold%%|*}" "${cold#*|}" "${inline%%|*}" "${inline#*|}" \
    "${max%%|*}" "${max#*|}" | sed 's/ steps cached//g' | tee -a "$work/table" >&2
}
measure "runtime script edited"
printf '#!/bin/sh\nset -e\nmkdir -p /opt/pgimage/out/opt/app\ncp /opt/src/tool.c /opt/pgimage/out/opt/app/tool\necho built > /opt/pgimage/out/opt/app/stamp\n' \
  > "$src/setup/build/02-compile.sh"
measure "builder script 02 edited"
DOCKER_HOST="$runner1" /usr/bin/docker image rm -f "$image" >/dev/null 2>&1 || true

printf '\n| fresh runner 2 (setup and builder script 01 sleep %s s), plugin s (steps cached of all) | no cache | cacheFrom the pushed image (inlineCache) | cacheFrom the registry cache (cacheTo mode=max) |\n|---|---|---|---|\n' "$((work_seconds / 2)) / $work_seconds"
cat "$work/table"
