#!/usr/bin/env bash
# The entrypoint development loop, measured in one run on one engine (the default one):
#   - under `mvn postgres-image:watch`: edit of a runtime script -> image built, and -> SQL answering in the
#     replaced container (the plugin's own "Built … in N s" and "Edit to SQL answering: N s" lines);
#   - the docker CLI's own build of the same edit (Debian's /usr/bin/docker, BuildKit, the plugin's context.tar);
#   - the whole `mvn postgres-image:build` for a runtime edit beside `mvn validate` (Maven's floor).
# The project is the watch IT's (src/it/watch-loop). The plugin comes from plugin/target/local-repo, where the
# invoker ITs install it: run `./mvnw -pl plugin verify -Dinvoker.test=watch-loop` (or the full verify) first.
#
# Usage: bench/watch-bench.sh [EDITS]   (default 3 edits per measurement)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
edits="${1:-3}"
repo="$root/plugin/target/local-repo"
[ -f "$repo/io/github/pgimage/postgres-image-maven-plugin/0.1.0-SNAPSHOT/postgres-image-maven-plugin-0.1.0-SNAPSHOT.jar" ] \
  || { echo "no plugin in $repo: run ./mvnw -pl plugin verify -Dinvoker.test=watch-loop first" >&2; exit 1; }
mvn_home="$(ls -d "$HOME"/.m2/wrapper/dists/apache-maven-*/*/ 2>/dev/null | head -1)"
mvn="${mvn_home}bin/mvn"
[ -x "$mvn" ] || mvn="$(command -v mvn)"
work="$(mktemp -d /tmp/pgimage-watch-bench.XXXXXX)"
watch_pid=""
cleanup() {
  [ -n "$watch_pid" ] && kill -INT "$watch_pid" 2>/dev/null && wait "$watch_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The project, filtered the way the invoker filters it, with the shared setup script.
mkdir -p "$work/p/image/setup/scripts"
cp -r "$root/src/it/watch-loop/image/." "$work/p/image/"
cp "$root/src/it/shared/postgres-test-image/setup/scripts/01-install-postgresql.sh" "$work/p/image/setup/scripts/"
sed -e 's/@project.groupId@/io.github.pgimage/' -e 's/@project.artifactId@/postgres-image-maven-plugin/' \
    -e 's/@project.version@/0.1.0-SNAPSHOT/' -e 's/<artifactId>watch-loop</<artifactId>watch-bench</' \
    -e 's#pgimage-it/watch-loop:1.0#pgimage-bench/watch:1.0#' "$root/src/it/watch-loop/pom.xml" > "$work/p/pom.xml"
sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository/#" "$root/src/it/settings.xml" > "$work/settings.xml"
m() { (cd "$work/p" && "$mvn" -B -q -s "$work/settings.xml" -Dmaven.repo.local="$repo" "$@"); }
mark="$work/p/image/entrypoint.d/scripts/10-mark.sh"
edit() { sed -i "s/cluster_name=[a-z0-9]*/cluster_name=e$1/" "$mark"; }
now() { date +%s.%N; }

echo "engine: $(/usr/bin/docker version --format '{{.Server.Version}}')"
m postgres-image:build >/dev/null   # warms the engine's cache (the apt step is shared with the ITs)

echo "--- mvn postgres-image:build for a runtime edit, beside mvn validate (seconds, wall)"
for i in $(seq 1 "$edits"); do
  t0=$(now); m validate >/dev/null; t1=$(now)
  edit "b$i"; m postgres-image:build >/dev/null; t2=$(now)
  printf 'validate %.2f  build %.2f  difference %.2f\n' "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" \
    "$(echo "($t2 - $t1) - ($t1 - $t0)" | bc)"
done

echo "--- docker build (CLI, BuildKit) of the same edit, fed the plugin's context.tar (seconds, wall)"
for i in $(seq 1 "$edits"); do
  edit "c$i"; m postgres-image:context >/dev/null
  t0=$(now); DOCKER_BUILDKIT=1 /usr/bin/docker build -q -t pgimage-bench/watch-cli:1.0 - < "$work/p/target/postgres-image/context.tar" >/dev/null; t1=$(now)
  printf 'cli build %.2f\n' "$(echo "$t1 - $t0" | bc)"
done

echo "--- under watch: edit -> image built, edit -> SQL answering (the plugin's own figures)"
(cd "$work/p" && exec "$mvn" -B -s "$work/settings.xml" -Dmaven.repo.local="$repo" postgres-image:watch) > "$work/watch.log" 2>&1 &
watch_pid=$!
wait_for() { # pattern, count
  for _ in $(seq 1 600); do
    [ "$(grep -c "$1" "$work/watch.log")" -ge "$2" ] && return 0
    sleep 0.2
  done
  echo "watch did not print '$1' $2 times:" >&2; tail -40 "$work/watch.log" >&2; exit 1
}
wait_for 'Start to SQL answering' 1
for i in $(seq 1 "$edits"); do
  sleep 1
  edit "w$i"
  wait_for 'Edit to SQL answering' "$i"
done
grep -E '^\[INFO\] Built sha256' "$work/watch.log" | tail -n "$edits" | sed -E 's/.* in ([0-9.]+) s.*/watch build \1/'
grep -E 'Edit to SQL answering' "$work/watch.log" | sed -E 's/.*answering: ([0-9.]+) s/edit to SQL \1/'
kill -INT "$watch_pid"; wait "$watch_pid" || true; watch_pid=""
/usr/bin/docker image rm pgimage-bench/watch-cli:1.0 pgimage-bench/watch:1.0 >/dev/null 2>&1 || true
