# 0644: sourced by the team's entrypoint, so PGDATA stays set for the scripts after it.
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
