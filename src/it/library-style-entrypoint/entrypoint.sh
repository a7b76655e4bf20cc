#!/usr/bin/env bash
# docker-library style: each script in entrypoint.d/scripts/ is executed when it is executable and sourced
# otherwise, as docker-library's entrypoint decides for its init scripts. The fragments (0644, no shebang) only
# define functions and variables, which the main flow below calls; 30-check.sh (0755) runs in a process of its own.
set -Eeo pipefail
for f in "$PGIMAGE_HOME"/entrypoint.d/scripts/*.sh; do
    if [ -x "$f" ]; then
        printf '%s: running %s\n' "$0" "$f"
        "$f"
    else
        printf '%s: sourcing %s\n' "$0" "$f"
        # shellcheck source=/dev/null
        . "$f"
    fi
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
