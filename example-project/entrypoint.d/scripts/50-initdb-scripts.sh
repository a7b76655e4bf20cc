#!/usr/bin/env bash
# Right after initdb, and only then: creates POSTGRES_DB and runs /docker-entrypoint-initdb.d
# (*.sh, *.sql, *.sql.gz in name order) against it on a temporary, socket-only server. Because
# this happens only for a cluster created by this very start, the scripts run exactly once.

[ -n "${PGIMAGE_FRESH_CLUSTER:-}" ] || return 0

# A cluster whose initialisation failed half-way would be taken for a finished one on the next
# start; remove it so that the next start initialises again from scratch.
# shellcheck disable=SC2317 # runs from the EXIT trap
discard_fresh_cluster() {
  warn "initialisation failed; removing the new cluster in $PGDATA so the next start retries"
  pg_ctl -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  find "$PGDATA" -mindepth 1 -delete || true
  if [ -n "$POSTGRES_INITDB_WALDIR" ]; then
    find "$POSTGRES_INITDB_WALDIR" -mindepth 1 -delete || true
  fi
}
trap discard_fresh_cluster EXIT

run_init_file() {
  local file=$1
  case "$file" in
    *.sh)
      if [ -x "$file" ]; then
        log "running $file"
        "$file"
      else
        log "sourcing $file"
        # shellcheck source=/dev/null
        source "$file"
      fi
      ;;
    *.sql)    log "running $file";  run_sql --dbname "$POSTGRES_DB" -f "$file" ;;
    *.sql.gz) log "running $file";  gzip -dc -- "$file" | run_sql --dbname "$POSTGRES_DB" ;;
    *)        log "ignoring $file (not *.sh, *.sql or *.sql.gz)" ;;
  esac
}

temp_server_start
run_sql --dbname postgres --set db="$POSTGRES_DB" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
# Scripts connect with plain `psql` to POSTGRES_DB as POSTGRES_USER through the socket.
export PGUSER="$POSTGRES_USER" PGDATABASE="$POSTGRES_DB" PGHOST=/var/run/postgresql
for file in /docker-entrypoint-initdb.d/*; do
  [ -f "$file" ] || continue
  run_init_file "$file"
done
unset PGUSER PGDATABASE PGHOST file
temp_server_stop
trap - EXIT
unset -f discard_fresh_cluster run_init_file
log "initialisation complete"
