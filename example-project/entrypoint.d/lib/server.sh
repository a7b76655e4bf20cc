#!/usr/bin/env bash
# A temporary server for first-start initialisation: reachable only through the Unix socket, so
# no client can connect before the init scripts have finished. Its log goes to the container log.

temp_server_start() {
  local -a opts=(-c listen_addresses='' -p "${PGPORT:-5432}")
  PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -o "$(printf '%q ' "${opts[@]}")" -w -t 60 start
}

temp_server_stop() {
  PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -m fast -w -t 60 stop
}

# psql against the temporary server as the superuser; stops at the first error.
run_sql() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password --quiet --username "$POSTGRES_USER" "$@"
}
