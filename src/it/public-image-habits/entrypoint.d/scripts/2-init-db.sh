# Sourced: the cluster, created at the first start (numbered 2: after 000_, before 10_).
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
	initdb_args=( --username="$POSTGRES_USER" --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 )
	initdb --pgdata="$PGDATA" "${initdb_args[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD")
	printf '%s\n' "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
	printf '%s\n' 'host all all all scram-sha-256' >> "$PGDATA/pg_hba.conf"
	if [[ "$POSTGRES_DB" != postgres ]]; then
		printf 'CREATE DATABASE "%s"\n' "$POSTGRES_DB" | postgres --single -D "$PGDATA" postgres >/dev/null
	fi
fi
