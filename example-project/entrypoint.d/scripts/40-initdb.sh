#!/usr/bin/env bash
# First start in PostgreSQL mode: creates the cluster in PGDATA with the superuser, password and
# authentication the settings ask for. An initialised PGDATA is left alone.
# (In Patroni mode Patroni bootstraps the cluster itself.)

PGIMAGE_FRESH_CLUSTER=
[ "$PGIMAGE_MODE" = postgres ] || return 0

# initdb insists on owning a 0700 PGDATA; the volume root above it is world-writable (1777), so
# whichever uid runs the server can create it.
mkdir -p "$PGDATA" || fatal "cannot create PGDATA $PGDATA as uid $(id -u)"
if [ ! -O "$PGDATA" ]; then
  fatal "PGDATA $PGDATA belongs to uid $(stat -c %u "$PGDATA"), not to the server's uid $(id -u); run with --user $(stat -c %u "$PGDATA") or fix the owner"
fi
chmod 0700 "$PGDATA"

if [ -s "$PGDATA/PG_VERSION" ]; then
  log "PGDATA $PGDATA holds a cluster (PostgreSQL $(< "$PGDATA/PG_VERSION")); skipping initialisation"
  return 0
fi

: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
  fatal "$(cat <<'MSG'
Database is uninitialized and superuser password is not specified.
       Set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) to a non-empty value for the superuser,
       e.g. "-e POSTGRES_PASSWORD=password" on "docker run".
       To allow all connections without a password (never in production), set
       POSTGRES_HOST_AUTH_METHOD=trust.
MSG
)"
fi
if [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then
  warn "POSTGRES_HOST_AUTH_METHOD=trust: every client may connect as any user without a password"
fi

initdb_extra_args=()
split_args initdb_extra_args "$POSTGRES_INITDB_ARGS"
initdb_args=(--pgdata "$PGDATA" --username "$POSTGRES_USER"
  --auth-local trust --auth-host "$POSTGRES_HOST_AUTH_METHOD")
if [ -n "$POSTGRES_INITDB_WALDIR" ]; then
  initdb_args+=(--waldir "$POSTGRES_INITDB_WALDIR")
fi

log "initialising PGDATA $PGDATA (superuser \"$POSTGRES_USER\", host auth $POSTGRES_HOST_AUTH_METHOD)"
if [ -n "$POSTGRES_PASSWORD" ]; then
  # The password travels through a pipe: it is never written to a file.
  initdb "${initdb_args[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") "${initdb_extra_args[@]}"
else
  initdb "${initdb_args[@]}" "${initdb_extra_args[@]}"
fi
unset initdb_args initdb_extra_args
# shellcheck disable=SC2034 # read by 50-initdb-scripts.sh
PGIMAGE_FRESH_CLUSTER=1

# Image defaults for new clusters (logging to the container log, ...), owned by the cluster
# from now on, so later image versions do not change a running database behind its back.
if [ -d "$PGIMAGE_HOME/config/postgresql/conf.d" ]; then
  install -d -m 0700 "$PGDATA/conf.d"
  cp "$PGIMAGE_HOME"/config/postgresql/conf.d/*.conf "$PGDATA/conf.d/"
  printf "\n# Container defaults from the image, see conf.d/\ninclude_dir = 'conf.d'\n" >> "$PGDATA/postgresql.conf"
fi
# Clients from other hosts, authenticated as initdb's host lines are.
printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >> "$PGDATA/pg_hba.conf"
