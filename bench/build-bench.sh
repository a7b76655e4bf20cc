#!/usr/bin/env bash
# Compares, on the same engine and the same project, `mvn postgres-image:build` with `docker build`
# (Debian's /usr/bin/docker with BuildKit, fed the very context tar and Dockerfile the plugin generated)
# for: cold, no-op, runtime-script edit, config edit, setup-script edit. Prints seconds and the ratio
# plugin/CLI. The plugin's time is its own ("postgres-image:build took N ms": from the goal's start, planning
# included, Maven's start-up excluded);
# Maven's wall time is printed beside it for reference.
#
# Usage: bench/build-bench.sh [PROJECT_DIR]   (default: example-project; any folder in the layout works)
#        ROWS="runtime" RUNS=5 bench/build-bench.sh   (a subset of the rows; no-op and edit rows as medians of RUNS
#          runs, each a new edit; without the cold row nothing is pruned: one untimed build first, and no warm-JVM
#          column)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
project="${1:-$root/example-project}"
cli=/usr/bin/docker
work="$(mktemp -d /tmp/pgimage-build-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

bash "$root/.ci/provision-engine.sh"
[ -x "$cli" ] || { echo "needs Debian's docker CLI at $cli (apt-get install docker.io)" >&2; exit 1; }
"$root/mvnw" -q -B -f "$root/pom.xml" -pl plugin -am install -DskipTests -DskipITs -Dinvoker.skip
"$root/mvnw" -q -B -f "$root/pom.xml" -Pbench -pl bench package -DskipTests

plugin_coords="io.github.pgimage:postgres-image-maven-plugin:0.1.0-SNAPSHOT"
pom="$project/pom.xml"
[ -f "$pom" ] || pom="$root/example-project/pom.xml"  # a bare layout folder borrows the example's configuration
context_tar="$(dirname "$pom")/target/postgres-image/context.tar"

reset_copy() {
  rm -rf "$work/src" && mkdir -p "$work/src"
  (cd "$project" && tar --exclude=./target -cf - .) | tar -C "$work/src" -xf -
}

# The same three edits for both tools, each to content no cache has seen.
edit() {
  local kind="$1" stamp="bench $(date +%s%N)"
  case "$kind" in
    runtime) f="$(ls "$work"/src/entrypoint.d/scripts/*.sh | tail -n 1)" ;;
    config)  f="$(find "$work/src/config" -type f | sort | head -n 1)" ;;
    setup)   f="$(ls "$work"/src/setup/scripts/*.sh | sed -n 3p)"; [ -n "$f" ] || f="$(ls "$work"/src/setup/scripts/*.sh | tail -n 1)" ;;
  esac
  printf '\n# %s\n' "$stamp" >> "$f"
}

mvn_goal() {  # $1 goal; prints the plugin's own milliseconds (build) or nothing
  "$root/mvnw" -B -f "$pom" "$plugin_coords:$1" \
      -Dpostgres-image.sourceDirectory="$work/src" -Dpostgres-image.image=pgimage-bench:plugin >"$work/mvn.log" 2>&1 \
    || { tail -n 40 "$work/mvn.log" >&2; exit 1; }
}

prune() {
  "$cli" image rm -f pgimage-bench:plugin pgimage-bench:cli >/dev/null 2>&1 || true
  "$cli" builder prune -af >/dev/null
}

declare -A plugin_s maven_s cli_s warm_s
read -r -a scenarios <<< "${ROWS:-cold no-op runtime config setup}"
runs="${RUNS:-1}"
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
times() { case "$1" in cold|setup) echo 1 ;; *) echo "$runs" ;; esac; }
start_over() {  # a pruned cache for a cold row; else one untimed build of $1 (plugin, cli), its rows starting cached
  reset_copy
  if [ "${scenarios[0]}" = cold ]; then prune; elif [ "$1" = plugin ]; then mvn_goal build; else cli_build; fi
}
cli_build() {
  mvn_goal context   # the same context bytes the plugin builds, untimed
  DOCKER_BUILDKIT=1 "$cli" build -q -t pgimage-bench:cli - < "$context_tar" >/dev/null 2>"$work/cli.err" \
    || { cat "$work/cli.err" >&2; exit 1; }
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

start_over plugin
for s in "${scenarios[@]}"; do
  owns=(); walls=()
  for _ in $(seq 1 "$(times "$s")"); do
    case "$s" in runtime|config|setup) edit "$s" ;; esac
    start=$(date +%s%N); mvn_goal build; end=$(date +%s%N)
    own=$(sed -n 's/.*postgres-image:build took \([0-9]*\) ms.*/\1/p' "$work/mvn.log")
    owns+=("$(awk -v ms="$own" 'BEGIN { printf "%.2f", ms / 1000 }')")
    walls+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')")
  done
  plugin_s[$s]=$(median "${owns[@]}"); maven_s[$s]=$(median "${walls[@]}")
  echo "plugin $s: ${plugin_s[$s]} s (mvn wall ${maven_s[$s]} s; runs: ${owns[*]})" >&2
done

# The same scenarios in one warm JVM: the plugin's code without class loading and JIT warm-up.
if [ "${scenarios[0]}" = cold ]; then
  reset_copy; prune
  java -cp "$here/target/classes:$here/target/lib/*" io.github.pgimage.bench.BuildBench "$work/src" "$work/warm" \
    > "$work/warm.out"
  while read -r _ s secs; do warm_s[$s]="$secs"; echo "plugin (warm JVM) $s: $secs s" >&2; done < "$work/warm.out"
fi

start_over cli
for s in "${scenarios[@]}"; do
  secs=()
  for _ in $(seq 1 "$(times "$s")"); do
    case "$s" in runtime|config|setup) edit "$s" ;; esac
    mvn_goal context   # the same context bytes the plugin builds, untimed
    start=$(date +%s%N)
    DOCKER_BUILDKIT=1 "$cli" build -q -t pgimage-bench:cli - < "$context_tar" >/dev/null 2>"$work/cli.err" \
      || { cat "$work/cli.err" >&2; exit 1; }
    end=$(date +%s%N)
    secs+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')")
  done
  cli_s[$s]=$(median "${secs[@]}")
  echo "cli $s: ${cli_s[$s]} s (runs: ${secs[*]})" >&2
done
if [ "${scenarios[0]}" = cold ]; then prune; fi
echo
echo "Engine: $("$cli" version --format '{{.Server.Version}}'); $(date -u +%Y-%m-%d); load average after:"\
  "$(cut -d' ' -f1-3 /proc/loadavg); edit and no-op rows: medians of $runs"

printf '\n| scenario | docker build (s) | plugin, warm JVM (s) | ratio | plugin, fresh JVM (s) | ratio | mvn wall (s) |\n'
printf '|---|---|---|---|---|---|---|\n'
for s in "${scenarios[@]}"; do
  rw=-; [ -n "${warm_s[$s]:-}" ] && rw=$(awk -v p="${warm_s[$s]}" -v c="${cli_s[$s]}" 'BEGIN { printf "%.2f", (c > 0 ? p / c : 0) }')
  rf=$(awk -v p="${plugin_s[$s]}" -v c="${cli_s[$s]}" 'BEGIN { printf "%.2f", (c > 0 ? p / c : 0) }')
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$s" "${cli_s[$s]}" "${warm_s[$s]:--}" "$rw" "${plugin_s[$s]}" "$rf" "${maven_s[$s]}"
done
