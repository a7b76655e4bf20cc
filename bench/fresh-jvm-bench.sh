#!/usr/bin/env bash
# What one fresh `mvn` costs, in one run on one engine (DOCKER_HOST, else the default socket):
#   mvn validate (Maven's floor: start-up, the project, no plugin), mvn postgres-image:dockerfile (the plugin's realm
#   and planning, no engine), mvn postgres-image:build for a runtime-script edit (the whole build, engine included).
# The three commands run in turn, round after round (validate, dockerfile, build, validate, ...), so that the machine's
# drift hits all of them alike; each figure is the median of the rounds, wall and CPU (user + sys) seconds, and
# "above floor" is the median of each round's difference to that round's validate.
# The project is a tiny one (one setup script that writes a file, the watch IT's runtime script) on
# debian:bookworm-slim, which the engine must have. The plugin comes from plugin/target/local-repo, where the invoker
# ITs install it: run `./mvnw -pl plugin package invoker:install -DskipTests` (or the full verify) first.
# BEFORE_REPO=dir adds the same two plugin goals with another build of the plugin (an older commit's
# plugin/target/local-repo, its dependencies resolved into it by one online run), in the same rounds: before/after
# figures that share the machine's state.
# WITH_OPTS="jvm options" adds validate and build once more with those options in MAVEN_OPTS, in the same rounds:
# what a project's .mvn/jvm.config would give, e.g. a class-data archive of the JVM's own making (JDK 19+:
# WITH_OPTS="-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/tmp/pgimage-bench.jsa"; the first warm-up run, a
# build, writes it: remove the file before a run).
# "above floor" of those rows is against validate with the same options.
# NOOP=1 makes every build a no-op one (no edit between builds: every step is in the engine's cache), what a fresh
# `mvn postgres-image:build` costs when nothing changed.
# WITH_START=1 adds mvn postgres-image:start (timed; the image's PostgreSQL answering SQL included) and an untimed
# postgres-image:stop to every round, with BEFORE_REPO's plugin too: the image then also installs PostgreSQL (the
# shared test image's setup script; the first build takes a minute where the engine's cache lacks it).
#
# Usage: [BEFORE_REPO=dir] [WITH_OPTS=...] [NOOP=1] [WITH_START=1] bench/fresh-jvm-bench.sh [ROUNDS]   (default 5)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
rounds="${1:-5}"
repo="$root/plugin/target/local-repo"
before="${BEFORE_REPO:-}"
[ -f "$repo/io/github/pgimage/postgres-image-maven-plugin/0.1.0-SNAPSHOT/postgres-image-maven-plugin-0.1.0-SNAPSHOT.jar" ] \
  || { echo "no plugin in $repo: run ./mvnw -pl plugin package invoker:install -DskipTests first" >&2; exit 1; }
mvn_home="$(ls -d "$HOME"/.m2/wrapper/dists/apache-maven-*/*/ 2>/dev/null | head -1)"
mvn="${mvn_home}bin/mvn"
[ -x "$mvn" ] || mvn="$(command -v mvn)"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }
work="$(mktemp -d /tmp/pgimage-fresh-jvm-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/p/image/setup/scripts"
cp -r "$root/src/it/watch-loop/image/." "$work/p/image/"
printf '#!/bin/sh\nset -eu\necho bench > /etc/pgimage-fresh-jvm-bench\n' > "$work/p/image/setup/scripts/01-mark.sh"
starts="${WITH_START:-}"
if [ -n "$starts" ]; then
  cp "$root/src/it/shared/postgres-test-image/setup/scripts/01-install-postgresql.sh" "$work/p/image/setup/scripts/00-install-postgresql.sh"
fi
sed -e 's/@project.groupId@/io.github.pgimage/' -e 's/@project.artifactId@/postgres-image-maven-plugin/' \
    -e 's/@project.version@/0.1.0-SNAPSHOT/' -e 's/<artifactId>watch-loop</<artifactId>fresh-jvm-bench</' \
    -e 's#pgimage-it/watch-loop:1.0#pgimage-bench/fresh-jvm:1.0#' "$root/src/it/watch-loop/pom.xml" > "$work/p/pom.xml"
sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository/#" "$root/src/it/settings.xml" > "$work/settings.xml"
mark="$work/p/image/entrypoint.d/scripts/10-mark.sh"

# run NAME GOAL [REPO [MAVEN_OPTS]]: one fresh mvn, offline and quiet; appends "wall cpu" to $work/NAME
run() {
  (cd "$work/p" && MAVEN_OPTS="${4:-${MAVEN_OPTS:-}}" /usr/bin/time -f '%e %U %S' -o "$work/time" \
      "$mvn" -B -o -q -s "$work/settings.xml" -Dmaven.repo.local="${3:-$repo}" "$2" > "$work/out" 2>&1) \
    || { echo "mvn $2 failed:" >&2; cat "$work/out" >&2; exit 1; }
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$work/time" >> "$work/$1"
}
noop="${NOOP:-}"
edit() { [ -n "$noop" ] || sed -i "s/cluster_name=[a-z0-9]*/cluster_name=r$1/" "$mark"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "engine: $(/usr/bin/docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?') at ${DOCKER_HOST:-the default socket}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
run warm-validate validate; run warm-dockerfile postgres-image:dockerfile
edit w0; run warm-build postgres-image:build   # the engine's cache holds every step but the runtime one now
names="validate dockerfile build"
if [ -n "$before" ]; then
  run warm-dockerfile-before postgres-image:dockerfile "$before"; edit v0; run warm-build-before postgres-image:build "$before"
  names="$names dockerfile-before build-before"
fi
with="${WITH_OPTS:-}"
if [ -n "$with" ]; then
  # the build first: a JVM that makes its class-data archive itself archives what its first run loaded
  edit x0; run warm-build-with postgres-image:build "$repo" "$with"; run warm-validate-with validate "$repo" "$with"
  edit x1; run warm-build-with postgres-image:build "$repo" "$with"
  names="$names validate-with build-with"
fi
if [ -n "$starts" ]; then
  names="$names start"
  if [ -n "$before" ]; then names="$names start-before"; fi
fi

for i in $(seq 1 "$rounds"); do
  run validate validate
  run dockerfile postgres-image:dockerfile
  edit "b$i"; run build postgres-image:build
  if [ -n "$before" ]; then
    run dockerfile-before postgres-image:dockerfile "$before"
    edit "c$i"; run build-before postgres-image:build "$before"
  fi
  if [ -n "$with" ]; then
    run validate-with validate "$repo" "$with"
    edit "d$i"; run build-with postgres-image:build "$repo" "$with"
  fi
  if [ -n "$starts" ]; then
    run start postgres-image:start; run stopped postgres-image:stop
    if [ -n "$before" ]; then
      run start-before postgres-image:start "$before"; run stopped postgres-image:stop "$before"
    fi
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

printf '%-50s %8s %8s %12s %12s\n' "median of $rounds rounds, seconds" wall cpu "wall above" "cpu above"
for name in $names; do
  case "$name" in
    validate*) goal="mvn validate" ;;
    dockerfile*) goal="mvn postgres-image:dockerfile" ;;
    build*) goal="mvn postgres-image:build ($([ -n "$noop" ] && echo no-op || echo runtime edit))" ;;
    start*) goal="mvn postgres-image:start (to SQL answering)" ;;
  esac
  floor=validate
  case "$name" in *-before) goal="$goal, before" ;; validate-with) goal="$goal, WITH_OPTS" ;;
    *-with) goal="$goal, WITH_OPTS"; floor=validate-with ;; esac
  wall=$(cut -d' ' -f1 "$work/$name" | median); cpu=$(cut -d' ' -f2 "$work/$name" | median)
  above_wall=$(paste -d' ' "$work/$name" "$work/$floor" | awk '{ print $1 - $3 }' | median)
  above_cpu=$(paste -d' ' "$work/$name" "$work/$floor" | awk '{ print $2 - $4 }' | median)
  printf '%-50s %8.2f %8.2f %12.2f %12.2f\n' "$goal" "$wall" "$cpu" "$above_wall" "$above_cpu"
done
/usr/bin/docker image rm pgimage-bench/fresh-jvm:1.0 >/dev/null 2>&1 || true
