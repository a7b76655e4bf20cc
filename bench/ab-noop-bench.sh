#!/usr/bin/env bash
# Before/after figures for a change to the plugin itself: fresh `mvn postgres-image:build` no-ops of one project (every
# step cached) with two or more builds of the plugin, alternated run by run (A B C A B C ...) so that the machine's load
# and drift hit each alike. Each build of the plugin is a Maven repository it was installed into, on the commit to
# measure:  ./mvnw -pl plugin -am install -DskipTests -Dinvoker.skip -Dmaven.repo.local=DIR
# Prints, per build, the medians of the plugin's own time ("postgres-image:build took N ms": from the goal's start,
# planning included, Maven's start-up excluded; before 2026-12-07 afternoon it left planning out),
# of mvn's wall time and of its CPU time (user + sys: what a loaded machine distorts least), every run's figures, and the
# load average before and after: figures taken under load compare only with figures of the same runs.
# The engine is DOCKER_HOST's, else the default socket; each build tags pgimage-ab-bench:NAME (removed at the end).
#
# Usage: [RUNS=7] [BUILDER=grpc] bench/ab-noop-bench.sh NAME=REPO NAME=REPO... [PROJECT_DIR]  (default example-project)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-7}"
builder="${BUILDER:-grpc}"
names=(); repos=(); project="$root/example-project"
for arg in "$@"; do
  case "$arg" in
    *=*) names+=("${arg%%=*}"); repos+=("${arg#*=}") ;;
    *) project="$arg" ;;
  esac
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }
[ "${#names[@]}" -ge 2 ] || { echo "usage: bench/ab-noop-bench.sh NAME=REPO NAME=REPO... [PROJECT_DIR]" >&2; exit 2; }
for repo in "${repos[@]}"; do
  [ -f "$repo/io/github/pgimage/postgres-image-maven-plugin/0.1.0-SNAPSHOT/postgres-image-maven-plugin-0.1.0-SNAPSHOT.jar" ] \
    || { echo "no plugin installed in $repo" >&2; exit 2; }
done
work="$(mktemp -d /tmp/pgimage-ab-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

build() {  # $1 index; appends "own wall cpu" (seconds) to $work/NAME
  local name="${names[$1]}" start end own
  start=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/time" "$root/mvnw" -B -o -Dmaven.repo.local="${repos[$1]}" -f "$project/pom.xml" \
      io.github.pgimage:postgres-image-maven-plugin:0.1.0-SNAPSHOT:build -Dpostgres-image.builder="$builder" \
      -Dpostgres-image.image="pgimage-ab-bench:$name" -Dpgimage.image="pgimage-ab-bench:$name" > "$work/mvn.log" 2>&1 \
    || { tail -n 40 "$work/mvn.log" >&2; exit 1; }
  end=$(date +%s%N)
  grep -q "steps cached" "$work/mvn.log" || { echo "$name: not a no-op build" >&2; tail -n 20 "$work/mvn.log" >&2; exit 1; }
  own=$(sed -n 's/.*postgres-image:build took \([0-9]*\) ms.*/\1/p' "$work/mvn.log")
  read -r user sys < "$work/time"
  awk -v ms="$own" -v a="$start" -v b="$end" -v u="$user" -v s="$sys" \
      'BEGIN { printf "%.2f %.2f %.2f\n", ms / 1000, (b - a) / 1e9, u + s }' >> "$work/$name"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "engine: ${DOCKER_HOST:-the default socket}; builder=$builder; project $project; $(nproc) cores"
for i in "${!names[@]}"; do build "$i"; rm -f "$work/${names[$i]}"; done   # warm-up: the cache holds every step
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 "$runs"); do
  for i in "${!names[@]}"; do build "$i"; done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

printf '%-12s %9s %9s %9s   %s\n' "median of $runs" "own (s)" "wall (s)" "cpu (s)" "runs (own/wall/cpu)"
for name in "${names[@]}"; do
  printf '%-12s %9s %9s %9s   %s\n' "$name" "$(cut -d' ' -f1 "$work/$name" | median)" \
      "$(cut -d' ' -f2 "$work/$name" | median)" "$(cut -d' ' -f3 "$work/$name" | median)" \
      "$(tr ' \n' '/ ' < "$work/$name")"
done
for name in "${names[@]}"; do docker image rm "pgimage-ab-bench:$name" > /dev/null 2>&1 || true; done
