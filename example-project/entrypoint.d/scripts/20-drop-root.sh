#!/usr/bin/env bash
# The image runs as postgres, but `docker run --user 0` (or a root-owned bind mount someone
# wants fixed) is a common habit: as root, hand the data directory to postgres and restart the
# entrypoint as postgres, as the official image does with gosu.

if [ "$(id -u)" = 0 ]; then
  install -d -m 0700 -o postgres -g postgres "$PGDATA"
  find "$PGDATA" -xdev ! -user postgres -exec chown postgres:postgres {} +
  if [ -n "$POSTGRES_INITDB_WALDIR" ]; then
    install -d -m 0700 -o postgres -g postgres "$POSTGRES_INITDB_WALDIR"
  fi
  log "running as root: continuing as user postgres"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$PGIMAGE_HOME/entrypoint.sh" "$@"
fi
