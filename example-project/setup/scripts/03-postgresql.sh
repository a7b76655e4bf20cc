#!/usr/bin/env bash
# PostgreSQL 15 from Debian, with LLVM JIT, without the cluster Debian's packaging would create:
# the entrypoint initialises PGDATA itself on the first start.
set -Eeuo pipefail
# shellcheck source=SCRIPTDIR/../lib/common.sh
source /opt/pgimage/setup/lib/common.sh

readonly PG_MAJOR=15

# Must exist before postgresql-common's postinst reads it.
install -d /etc/postgresql-common/createcluster.d
printf 'create_main_cluster = false\n' > /etc/postgresql-common/createcluster.d/00-no-main-cluster.conf

apt_install "postgresql-${PG_MAJOR}"

bindir="/usr/lib/postgresql/${PG_MAJOR}/bin"
"$bindir/postgres" --version
# JIT is part of the server package in Debian, but fail the build loudly if that ever changes.
test -f "/usr/lib/postgresql/${PG_MAJOR}/lib/llvmjit.so" || { log "llvmjit.so missing: no JIT"; exit 1; }
if [ -n "$(ls -A "/etc/postgresql/${PG_MAJOR}" 2>/dev/null)" ]; then
  log "a default cluster was created; refusing to ship it"; exit 1
fi

# Containers are reached over the network: listen everywhere by default (as the official image).
sed -ri "s/^#?(listen_addresses)\s*=\s*\S+.*/\1 = '*'/" \
  "/usr/share/postgresql/${PG_MAJOR}/postgresql.conf.sample"
grep -F "listen_addresses = '*'" "/usr/share/postgresql/${PG_MAJOR}/postgresql.conf.sample"

# ssl-cert generated a "snakeoil" key pair at install time: every container of the image would
# share that private key. Remove it; TLS needs a key that belongs to the deployment.
rm -f /etc/ssl/private/ssl-cert-snakeoil.key /etc/ssl/certs/ssl-cert-snakeoil.pem
