#!/bin/bash
set -eu
echo "timescaledb.telemetry_level = off" >> "$PGDATA/postgresql.conf"
