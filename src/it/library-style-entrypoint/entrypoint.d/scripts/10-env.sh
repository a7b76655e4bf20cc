# Sourced by entrypoint.sh (no shebang): the official image's variables and their defaults.
docker_setup_env() {
    export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
    : "${POSTGRES_USER:=postgres}"
    : "${POSTGRES_DB:=$POSTGRES_USER}"
    DATABASE_ALREADY_EXISTS=
    if [ -s "$PGDATA/PG_VERSION" ]; then
        DATABASE_ALREADY_EXISTS=true
    fi
}
