# sourced by entrypoint.sh: no shebang
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    initdb -D "$PGDATA"
fi
