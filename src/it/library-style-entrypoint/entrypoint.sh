#!/usr/bin/env bash
# docker-library style: the fragments in entrypoint.d/scripts/ have no shebang; they are sourced into this shell
# and only define functions and variables, which the main flow below calls.
set -Eeo pipefail
for f in "$PGIMAGE_HOME"/entrypoint.d/scripts/*.sh; do
    # shellcheck source=/dev/null
    . "$f"
done

if [ "${1:-}" = 'postgres' ]; then
    docker_setup_env
    if [ -z "$DATABASE_ALREADY_EXISTS" ]; then
        docker_init_database_dir
        docker_setup_db
    fi
    set -- "$@" -c ssl=on \
        -c ssl_cert_file="$PGIMAGE_HOME/config/server.crt" \
        -c ssl_key_file="$PGIMAGE_HOME/config/server.key"
fi
exec "$@"
