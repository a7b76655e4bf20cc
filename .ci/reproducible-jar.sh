#!/usr/bin/env bash
# Checks the plugin's release build and that it is reproducible: builds the plugin module twice as a release does
# (`mvn -Prelease verify -Dgpg.skip`: the jar, sources, javadoc and SBOM, all but the signatures and the upload; tests
# neither compiled nor run, they make none of those bytes), each time from a clean copy of the work tree in its own
# folder (so that neither a leftover target/ nor the folder's path can leak into the bytes), and compares the sha256
# of the plugin jar, the sources jar, the javadoc jar and the SBOM. Exits non-zero when a build fails or any of them
# differs, naming the jar entries whose content, mode or time differ.
# Arguments are passed to both Maven runs (e.g. -Dmaven.repo.local=...).
#
# Usage: .ci/reproducible-jar.sh [maven arguments...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/pgimage-reproducible.XXXXXX)"
trap 'rm -rf "$work"' EXIT
started=$SECONDS

build() { # build DIR MAVEN_ARGS...: a clean copy of the tracked and untracked (not ignored) files, then the plugin
  local dir="$1"; shift
  mkdir -p "$dir"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard | tar -c --null --no-recursion -T -) \
    | tar -x -C "$dir"
  # -DskipTests as well: the plugin's surefire skip is bound to skipUnitTests, not to maven.test.skip
  (cd "$dir" && ./mvnw -B -q -pl plugin -Prelease -Dgpg.skip -Dmaven.test.skip=true -DskipTests -Dinvoker.skip=true \
      verify "$@") > "$dir.log" 2>&1 \
    || { echo "the build in $dir failed:" >&2; tail -50 "$dir.log" >&2; exit 1; }
}
build "$work/a" "$@"
build "$work/b" "$@"

version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/plugin/pom.xml" | head -1)"   # the parent's
name="postgres-image-maven-plugin-$version"
entries() { unzip -v "$1" | sed '1,3d;$d' | sed '$d'; zipinfo -T "$1" | sed '1,2d;$d'; }
status=0
# the SBOM is attached from where it is written, inside the jar's classes
for file in "$name.jar" "$name-sources.jar" "$name-javadoc.jar" classes/META-INF/sbom/postgres-image-maven-plugin.cdx.json; do
  a="$work/a/plugin/target/$file"; b="$work/b/plugin/target/$file"
  [ -f "$a" ] && [ -f "$b" ] || { echo "missing: plugin/target/$file" >&2; status=1; continue; }
  sum_a="$(sha256sum < "$a" | cut -d' ' -f1)"; sum_b="$(sha256sum < "$b" | cut -d' ' -f1)"
  if [ "$sum_a" = "$sum_b" ]; then
    echo "same bytes: $file ($sum_a)"
  else
    status=1
    echo "DIFFERENT: $file ($sum_a against $sum_b)" >&2
    case "$file" in
      *.jar) # each entry's size and CRC-32 (unzip -v), mode and time to the second (zipinfo -T) in both; the
        # entries whose lines differ, the first 40 of them
        diff <(entries "$a") <(entries "$b") | sed -n 's/^[<>] .* //p' | sort -u > "$work/entries" || true
        echo "  $(wc -l < "$work/entries") entries differ (size, CRC-32, mode or time):" >&2
        head -40 "$work/entries" | sed 's/^/    /' >&2 ;;
      *) diff "$a" "$b" | head -40 >&2 || true ;;
    esac
  fi
done
echo "reproducible-jar: two builds in $((SECONDS - started)) s"
exit "$status"
