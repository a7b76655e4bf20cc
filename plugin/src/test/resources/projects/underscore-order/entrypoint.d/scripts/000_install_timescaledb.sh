#!/bin/bash
# TimescaleDB's name: number 000, runs first.
set -eu
echo "shared_preload_libraries = 'timescaledb'" >> "$PGDATA/postgresql.conf"
