#!/bin/bash
# Executed (a shebang), though Git keeps it at 0644: the default entrypoint runs it through bash. It needs the
# cluster 2-init-db.sh created, so it must run after it: 10 after 2.
set -Eeuo pipefail
if ! grep -q '^cluster_name' "$PGDATA/postgresql.conf"; then
	printf '%s\n' "cluster_name = 'public-image-habits'" >> "$PGDATA/postgresql.conf"
fi
