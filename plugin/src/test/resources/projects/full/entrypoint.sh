#!/usr/bin/env bash
set -euo pipefail
for s in /opt/pgimage/entrypoint.d/scripts/*.sh; do "$s"; done
exec "$@"
