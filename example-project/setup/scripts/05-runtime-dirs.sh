#!/usr/bin/env bash
# Directories the server writes at run time, writable for uid 999 and for an arbitrary
# `docker run --user` uid; plus nss_wrapper, which gives such a uid a user name.
set -Eeuo pipefail
# shellcheck source=SCRIPTDIR/../lib/common.sh
source /opt/pgimage/setup/lib/common.sh

apt_install libnss-wrapper

# Unix socket and lock files: setgid + sticky + world-writable, as in the official image.
install -d -o postgres -g postgres -m 3777 /var/run/postgresql
# The data volume root. PGDATA is a subdirectory of it, created at start by whoever runs the
# server, so any uid can own its data directory (initdb needs that) in a fresh volume.
install -d -o postgres -g postgres -m 1777 /var/lib/postgresql/data
# Initialisation scripts, mounted or copied in by users (the official image's path).
install -d -m 0755 /docker-entrypoint-initdb.d
