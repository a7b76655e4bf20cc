#!/bin/bash
# PostgreSQL 15 and the CA bundle config/ssl/ca.crt links to, from Debian's mirror. Kept at 0644 like every file
# of this project: the plugin runs it through the interpreter its first line names.
set -Eeuo pipefail
. /opt/pgimage/setup/lib/pg/apt.sh
# No cluster from the package: the runtime scripts create it at the first start, with the container's credentials.
mkdir -p /etc/postgresql-common/createcluster.d
echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/00-no-main-cluster.conf
apt_install postgresql-15 ca-certificates
ln -s /usr/lib/postgresql/15/bin/* /usr/local/bin/
mkdir -p /var/lib/postgresql/data /var/run/postgresql
chown postgres:postgres /var/lib/postgresql/data /var/run/postgresql
chmod 700 /var/lib/postgresql/data
chmod 2775 /var/run/postgresql
