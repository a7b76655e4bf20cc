#!/usr/bin/env bash
# Patroni (HA) from Debian, with the etcd client. The entrypoint runs it instead of bare
# PostgreSQL when a DCS is configured through PATRONI_* variables.
set -Eeuo pipefail
# shellcheck source=SCRIPTDIR/../lib/common.sh
source /opt/pgimage/setup/lib/common.sh

apt_install patroni python3-etcd
patroni --version
