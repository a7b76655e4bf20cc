#!/usr/bin/env bash
# The postgres user and group with the fixed uid/gid 999 that the official image uses, so volumes
# move between images without a chown. Created before the packages: postgresql-common would
# otherwise create the user with whatever uid is free.
set -Eeuo pipefail
# shellcheck source=SCRIPTDIR/../lib/common.sh
source /opt/pgimage/setup/lib/common.sh

readonly PG_UID=999 PG_GID=999 PG_HOME=/var/lib/postgresql

groupadd --system --gid "$PG_GID" postgres
# --system leaves the password locked ('!' in /etc/shadow): nobody can log in with a password.
useradd --system --uid "$PG_UID" --gid postgres --home-dir "$PG_HOME" --no-create-home \
  --shell /bin/bash --comment 'PostgreSQL administrator' postgres
install -d -o postgres -g postgres -m 0755 "$PG_HOME"
log "user postgres ($(id postgres))"
