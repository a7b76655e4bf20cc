#!/usr/bin/env bash
# Container entry point. For the server (`postgres`, or only flags for it) it runs the start
# sequence in entrypoint.d/scripts; any other command is exec'ed unchanged, so
# `docker run IMAGE bash` or `psql ...` behave as with the official image.
set -Eeuo pipefail

PGIMAGE_HOME="${PGIMAGE_HOME:-/opt/pgimage}"
for lib in "$PGIMAGE_HOME"/entrypoint.d/lib/*.sh; do
  # shellcheck source=/dev/null
  source "$lib"
done

# `docker run IMAGE -c shared_buffers=1GB` passes flags to the server.
if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi
if [ "${1:-}" != 'postgres' ]; then
  exec "$@"
fi

# The scripts are sourced in order into this shell: what they export reaches the server, and
# they may replace the final command (PGIMAGE_EXEC), e.g. with Patroni.
PGIMAGE_EXEC=("$@")
for script in "$PGIMAGE_HOME"/entrypoint.d/scripts/*.sh; do
  [ -e "$script" ] || continue
  # shellcheck source=/dev/null
  source "$script" "$@"
done
log "starting: ${PGIMAGE_EXEC[*]}"
exec "${PGIMAGE_EXEC[@]}"
