#!/bin/sh
# Default entrypoint written by postgres-image-maven-plugin because the project has no entrypoint.sh.
# Runs every runtime script in entrypoint.d/scripts/ in lexical order (each with its own interpreter),
# stops at the first that fails, then replaces itself with the container's command (CMD or `docker run` args).
set -eu
scripts_dir="${PGIMAGE_HOME:-/opt/pgimage}/entrypoint.d/scripts"
for script in "$scripts_dir"/*.sh; do
    [ -e "$script" ] || continue
    echo "entrypoint: running ${script##*/}" >&2
    "$script" "$@"
done
exec "$@"
