#!/usr/bin/env bash
set -euo pipefail
[ -s "$PGDATA/PG_VERSION" ] || initdb
