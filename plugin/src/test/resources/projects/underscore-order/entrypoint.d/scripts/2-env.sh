export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
