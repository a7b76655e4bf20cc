#!/usr/bin/env bash
# Builds the plugin and the benchmark, then runs the context-assembly benchmark in a JVM with a 64 MiB heap
# (the tar writer streams, so that is plenty). Extra arguments go to the benchmark, e.g. --runs=10 --keep=true.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
mvn="mvn"
command -v mvn >/dev/null || mvn="$root/mvnw"

# The plugin and the benchmark from the reactor (the bench profile adds the module); tests skipped, this is
# about speed. bench/target/lib receives the runtime classpath.
"$mvn" -q -B -f "$root/pom.xml" -Pbench -DskipTests -pl bench -am package

cd "$here"
exec java -Xmx64m -cp "target/classes:target/lib/*" io.github.pgimage.bench.ContextBench "$@"
