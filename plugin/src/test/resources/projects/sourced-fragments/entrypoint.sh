#!/usr/bin/env bash
# docker-library style: the fragments are sourced into this shell, so their functions and variables stay here.
set -Eeuo pipefail
for f in "$PGIMAGE_HOME"/entrypoint.d/scripts/*.sh; do
    . "$f"
done
exec "$@"
