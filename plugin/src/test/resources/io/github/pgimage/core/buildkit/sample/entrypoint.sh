#!/bin/sh
set -e
for s in /opt/pgimage/entrypoint.d/scripts/*.sh; do . "$s"; done
exec "$@"
