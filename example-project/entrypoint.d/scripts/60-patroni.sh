#!/usr/bin/env bash
# Patroni mode: renders Patroni's configuration from config/patroni and the environment and runs
# Patroni, which bootstraps or joins the cluster and supervises PostgreSQL.

[ "$PGIMAGE_MODE" = patroni ] || return 0

if [ "$#" -gt 1 ]; then
  warn "Patroni manages the server's settings; ignoring arguments: ${*:2}"
fi

# Patroni reads passwords from these variables; they are never written to its config file.
export PATRONI_SUPERUSER_USERNAME="${PATRONI_SUPERUSER_USERNAME:-$POSTGRES_USER}"
export PATRONI_SUPERUSER_PASSWORD="${PATRONI_SUPERUSER_PASSWORD:-$POSTGRES_PASSWORD}"
# Patroni 3.0 passes the name to initdb unquoted: a space would break the bootstrap later.
case "$PATRONI_SUPERUSER_USERNAME" in
  *[[:space:]]*) fatal "Patroni mode cannot bootstrap a superuser whose name contains spaces: '$PATRONI_SUPERUSER_USERNAME'" ;;
esac
[ -n "$PATRONI_SUPERUSER_PASSWORD" ] \
  || fatal "Patroni mode needs a superuser password: set POSTGRES_PASSWORD or PATRONI_SUPERUSER_PASSWORD (or their _FILE variants)"
[ -n "${PATRONI_REPLICATION_PASSWORD:-}" ] \
  || fatal "Patroni mode needs PATRONI_REPLICATION_PASSWORD (or PATRONI_REPLICATION_PASSWORD_FILE) for the replication user"
# pg_rewind runs as the superuser unless a rewind user is configured.
if [ -z "${PATRONI_REWIND_USERNAME:-}" ]; then
  export PATRONI_REWIND_USERNAME="$PATRONI_SUPERUSER_USERNAME" PATRONI_REWIND_PASSWORD="$PATRONI_SUPERUSER_PASSWORD"
fi

PGIMAGE_PATRONI_CONFIG="${PGIMAGE_PATRONI_CONFIG:-/var/run/postgresql/patroni.yml}"
(umask 077 && python3 "$PGIMAGE_HOME/entrypoint.d/lib/patroni_config.py" \
  "$PGIMAGE_HOME/config/patroni" > "$PGIMAGE_PATRONI_CONFIG") \
  || fatal "cannot render the Patroni configuration to $PGIMAGE_PATRONI_CONFIG"
log "Patroni configuration rendered to $PGIMAGE_PATRONI_CONFIG"
# SIGINT (the image's stop signal) becomes SIGTERM, Patroni's graceful shutdown; see setup.
# shellcheck disable=SC2034 # exec'ed by entrypoint.sh
PGIMAGE_EXEC=(dumb-init --single-child --rewrite 2:15 patroni "$PGIMAGE_PATRONI_CONFIG")
