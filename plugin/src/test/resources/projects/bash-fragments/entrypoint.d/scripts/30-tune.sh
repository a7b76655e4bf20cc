#!/bin/bash
# Executed (a shebang): runs in a process of its own, sees only exported variables.
set -Eeuo pipefail
echo "shared_buffers = 128MB" >> "$PGDATA/postgresql.conf"
