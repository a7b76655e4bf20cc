#!/bin/sh
# The shared test image's entrypoint (initdb with the container's credentials), plus the runtime scripts:
# each is sourced and may add server options through PGIMAGE_OPTIONS.
set -eu
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    initdb --pgdata="$PGDATA" --username="${POSTGRES_USER:-postgres}" --pwfile="$pwfile" --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
fi
PGIMAGE_OPTIONS=""
for script in /opt/pgimage/entrypoint.d/scripts/*.sh; do
    [ -e "$script" ] || continue
    . "$script"
done
# shellcheck disable=SC2086
exec "$@" $PGIMAGE_OPTIONS
