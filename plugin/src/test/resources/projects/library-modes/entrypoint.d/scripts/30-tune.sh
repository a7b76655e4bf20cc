#!/bin/sh
# 0755: executed by the team's entrypoint.
set -eu
echo "shared_buffers = 128MB" >> "$PGDATA/postgresql.conf"
