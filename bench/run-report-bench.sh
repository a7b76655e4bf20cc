#!/usr/bin/env bash
# What the report page costs a build: builds the plugin and the benchmark, builds the example image once (so that
# the engine has it and target/ has its report), then times ReportBench in a fresh JVM: the page's details (a rescan
# of the layout, the image's inspection and history, the base image's history), writing the report with its history
# entry and page, and the page alone. Extra argument: the number of warm runs (default 15).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
project="$root/example-project"
image="pgimage-bench:report"

bash "$root/.ci/provision-engine.sh"
"$root/mvnw" -q -B -f "$root/pom.xml" -Pbench -DskipTests -Dinvoker.skip -pl plugin,bench -am install
"$root/mvnw" -q -B -f "$project/pom.xml" package -DskipTests -Dpgimage.image="$image"
work="$(mktemp -d /tmp/pgimage-report-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$here"
java -cp "target/classes:target/lib/*" io.github.pgimage.bench.ReportBench "$project" \
  "$project/target/postgres-image/build-report.json" "$work" "${1:-15}"
