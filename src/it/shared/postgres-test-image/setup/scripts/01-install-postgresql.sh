#!/bin/sh
# PostgreSQL 15 from Debian, laid out like the official image: binaries on PATH, an empty PGDATA owned by
# postgres. Identical in every start-stop-* IT, so that the engine's cache runs the slow apt step once.
set -eu
# No cluster from the package: the entrypoint initialises PGDATA at the first start, with the container's credentials.
mkdir -p /etc/postgresql-common/createcluster.d
echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/00-no-main-cluster.conf
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15
ln -s /usr/lib/postgresql/15/bin/* /usr/local/bin/
mkdir -p /var/lib/postgresql/data /var/run/postgresql
chown postgres:postgres /var/lib/postgresql/data /var/run/postgresql
chmod 700 /var/lib/postgresql/data
chmod 2775 /var/run/postgresql
