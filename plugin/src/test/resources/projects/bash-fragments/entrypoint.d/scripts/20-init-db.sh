# Sourced: creates the cluster on the first start, with the arrays and [[ ]] docker-library's code uses.
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
	initdb_args=( --username="$POSTGRES_USER" --auth-local=trust --auth-host=scram-sha-256 )
	initdb --pgdata="$PGDATA" "${initdb_args[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD")
	printf '%s\n' "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
	printf '%s\n' 'host all all all scram-sha-256' >> "$PGDATA/pg_hba.conf"
fi
