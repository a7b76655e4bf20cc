# sourced by entrypoint.sh: no shebang
docker_setup_env() {
    PGDATA="${PGDATA:-/var/lib/postgresql/data}"
}
docker_setup_env
