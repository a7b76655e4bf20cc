#!/usr/bin/env bash
# One run on Engine C (Docker 28.5; BENCH_STORE=classic by default, or containerd), the same project and the same
# generated Dockerfile and context for four builders:
#   auto      mvn postgres-image:build                                     (the default: the door builder=auto picks)
#   grpc      mvn postgres-image:build -Dpostgres-image.builder=grpc       (BuildKit's Control API, context over FileSync)
#   build-api mvn postgres-image:build -Dpostgres-image.builder=build-api  (the engine's POST /build, the context tar)
#   buildx    docker buildx build 0.29, docker driver, fed the plugin's Dockerfile and context (unpacked)
# Rows: cold, no-op, runtime-script edit, config edit, setup-script edit, and a context of 10,000 extra files with
# one of them edited. Each builder starts with a build that takes nothing from the cache (no-cache; never a prune, the
# engine is shared). The plugin's time is its own ("postgres-image:build took N ms": from the goal's start,
# planning included, Maven's start-up excluded; mvn's
# wall time is printed beside it); buildx's is the CLI's wall time.
# Edit and no-op rows are medians of RUNS runs (default 5), each run a new edit. The machine's load average is printed
# before and after: figures taken under load are not comparable with a quiet machine's.
#
# Usage: bench/grpc-bench.sh [PROJECT_DIR]   (default: example-project)
#        ROWS="no-op runtime config many" bench/grpc-bench.sh   (a subset of the rows, in this order)
#        TOOLS="build-api grpc" MANY_FILES=2000 ROWS=many bench/grpc-bench.sh   (where the doors cross: BuilderPick)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
project="${1:-$root/example-project}"
store="${BENCH_STORE:-classic}"
runs="${RUNS:-5}"
many="${MANY_FILES:-10000}"
work="$(mktemp -d /tmp/pgimage-grpc-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

export DOCKER_HOST="$(bash "$root/.ci/provision-engine-c.sh" "$store")"
export DOCKER_CONFIG=/var/tmp/pgimage-engine-c/docker-config   # buildx 0.29 as a CLI plugin, nothing else
cli=/usr/local/bin/docker
[ -x "$cli" ] || cli="$(command -v docker)"
"$cli" buildx version >/dev/null || { echo "docker buildx is not available to $cli" >&2; exit 1; }

# The plugin goes into a Maven repository of the bench's own; dependencies come from ~/.m2, else Maven Central.
m2="$work/m2"
sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository#" "$root/src/it/settings.xml" > "$work/settings.xml"
mvn_opts=(-B -s "$work/settings.xml" -Dmaven.repo.local="$m2")
"$root/mvnw" -q "${mvn_opts[@]}" -f "$root/pom.xml" -pl plugin -am install -DskipTests -DskipITs -Dinvoker.skip

plugin_coords="io.github.pgimage:postgres-image-maven-plugin:0.1.0-SNAPSHOT"
pom="$project/pom.xml"
[ -f "$pom" ] || pom="$root/example-project/pom.xml"
out="$(dirname "$pom")/target/postgres-image"

reset_copy() {
  rm -rf "$work/src" && mkdir -p "$work/src"
  (cd "$project" && tar --exclude=./target -cf - .) | tar -C "$work/src" -xf -
}

# An edit is new content no cache has seen; its size changes too.
edit() {
  local kind="$1" stamp="bench $(date +%s%N)" f
  case "$kind" in
    runtime) f="$(ls "$work"/src/entrypoint.d/scripts/*.sh | tail -n 1)" ;;
    config)  f="$(find "$work/src/config" -type f -not -path '*/many/*' | sort | head -n 1)" ;;
    setup)   f="$(ls "$work"/src/setup/scripts/*.sh | sed -n 3p)"; [ -n "$f" ] || f="$(ls "$work"/src/setup/scripts/*.sh | tail -n 1)" ;;
    many)    f="$work/src/config/many/d$((RANDOM % 100))/f$((RANDOM % (many / 100))).conf" ;;
  esac
  printf '\n# %s\n' "$stamp" >> "$f"
}

many_files() {  # MANY_FILES small files under config/many/ (100 folders), copied into the image by the config/ step
  python3 - "$work/src/config/many" "$many" <<'PY'
import os, sys
root, total = sys.argv[1], int(sys.argv[2])
for d in range(100):
    os.makedirs(f"{root}/d{d}", exist_ok=True)
    for f in range(total // 100):
        with open(f"{root}/d{d}/f{f}.conf", "w") as out:
            out.write(f"# setting {d}.{f}\n" + "x" * (200 + (d * f) % 3000) + "\n")
PY
}

# The example project sets <image>${pgimage.image}</image>, which the postgres-image.image property does not override.
plugin_build() {  # $1 builder (auto, grpc, build-api), $2 true: no cache; prints "own-seconds wall-seconds"
  local start end own
  start=$(date +%s%N)
  "$root/mvnw" "${mvn_opts[@]}" -f "$pom" "$plugin_coords:build" -Dpostgres-image.builder="$1" -Dpostgres-image.noCache="${2:-false}" \
      -Dpostgres-image.sourceDirectory="$work/src" -Dpostgres-image.image="pgimage-bench:$1" \
      -Dpgimage.image="pgimage-bench:$1" >"$work/mvn.log" 2>&1 \
    || { tail -n 40 "$work/mvn.log" >&2; exit 1; }
  end=$(date +%s%N)
  own=$(sed -n 's/.*postgres-image:build took \([0-9]*\) ms.*/\1/p' "$work/mvn.log")
  awk -v ms="$own" -v a="$start" -v b="$end" 'BEGIN { printf "%.2f %.2f\n", ms / 1000, (b - a) / 1e9 }'
}

buildx_build() {  # builds the plugin's last Dockerfile and context ($1 true: --no-cache); prints "seconds seconds"
  "$root/mvnw" "${mvn_opts[@]}" -q -f "$pom" "$plugin_coords:context" -Dpostgres-image.sourceDirectory="$work/src" \
      >"$work/ctx.log" 2>&1 || { tail -n 40 "$work/ctx.log" >&2; exit 1; }
  rm -rf "$work/bx" && mkdir -p "$work/bx" && tar -C "$work/bx" -xf "$out/context.tar"
  local start end
  start=$(date +%s%N)
  local nocache=(); [ "${1:-false}" = true ] && nocache=(--no-cache)
  "$cli" buildx build -q "${nocache[@]}" -t pgimage-bench:buildx -f "$work/bx/Dockerfile" "$work/bx" >/dev/null 2>"$work/bx.err" \
    || { cat "$work/bx.err" >&2; exit 1; }
  end=$(date +%s%N)
  awk -v a="$start" -v b="$end" 'BEGIN { s = (b - a) / 1e9; printf "%.2f %.2f\n", s, s }'
}

# Engine C is shared with other builds' tests: the bench never prunes the builder cache (that would take cached steps
# from under them). A cold row is a build that takes nothing from the cache (noCache / --no-cache); it still fills the
# cache, so the rows after it start from that build as they would from a real first build.
prune() {
  "$cli" image rm -f pgimage-bench:auto pgimage-bench:grpc pgimage-bench:build-api pgimage-bench:buildx >/dev/null 2>&1 || true
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A own wall
read -r -a rows <<< "${ROWS:-cold no-op runtime config setup many}"
read -r -a tools <<< "${TOOLS:-auto grpc build-api buildx}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for tool in "${tools[@]}"; do
  reset_copy; prune
  if [ "${rows[0]}" != cold ]; then  # without a cold row, one untimed build first: the rows after it start cached
    if [ "$tool" = buildx ]; then buildx_build false >/dev/null; else plugin_build "$tool" false >/dev/null; fi
  fi
  for row in "${rows[@]}"; do
    n=$runs
    case "$row" in cold) n=1 ;; setup) n=1 ;; many) many_files
      if [ "$tool" = buildx ]; then buildx_build >/dev/null; else plugin_build "$tool" >/dev/null; fi ;; esac
    owns=(); walls=()
    cold=false; [ "$row" = cold ] && cold=true
    for _ in $(seq 1 "$n"); do
      case "$row" in runtime|config|setup|many) edit "$row" ;; esac
      if [ "$tool" = buildx ]; then read -r o w < <(buildx_build $cold); else read -r o w < <(plugin_build "$tool" $cold); fi
      owns+=("$o"); walls+=("$w")
    done
    own[$tool,$row]=$(median "${owns[@]}"); wall[$tool,$row]=$(median "${walls[@]}")
    echo "$tool $row: ${own[$tool,$row]} s (wall ${wall[$tool,$row]} s; runs: ${owns[*]})" >&2
  done
done
prune

echo
echo "Engine C: $("$cli" version --format '{{.Server.Version}}'), $store image store; $("$cli" buildx version | awk '{print $1, $2}');"\
  "$(date -u +%Y-%m-%d); load average after: $(cut -d' ' -f1-3 /proc/loadavg); medians of $runs"
header="| scenario |"; rule="|---|"
for tool in "${tools[@]}"; do
  header="$header $tool (s) |"; rule="$rule---|"
  [ "$tool" != buildx ] && [[ " ${tools[*]} " == *" buildx "* ]] && { header="$header ratio to buildx |"; rule="$rule---|"; }
done
printf '\n%s\n%s\n' "$header" "$rule"
for row in "${rows[@]}"; do
  label="$row"; case "$row" in runtime) label="runtime-script edit" ;; config) label="config edit" ;;
    setup) label="setup-script edit" ;; many) label="$many-file context, one file edited" ;; esac
  line="| $label |"
  for tool in "${tools[@]}"; do
    line="$line ${own[$tool,$row]} |"
    if [ "$tool" != buildx ] && [[ " ${tools[*]} " == *" buildx "* ]]; then
      line="$line $(awk -v p="${own[$tool,$row]}" -v c="${own[buildx,$row]}" 'BEGIN { printf "%.2f", (c > 0 ? p / c : 0) }') |"
    fi
  done
  echo "$line"
done
