#!/usr/bin/env bash
# Patroni (HA) from Debian, with the etcd client and pysyncobj for Patroni's built-in Raft DCS. The entrypoint runs it instead of bare
# PostgreSQL when a DCS is configured through PATRONI_* variables.
# dumb-init supervises it: `docker stop` sends the image's SIGINT, which Patroni running as PID 1
# swallows; dumb-init turns it into the SIGTERM Patroni shuts down (and stops PostgreSQL) on.
set -Eeuo pipefail
# shellcheck source=SCRIPTDIR/../lib/common.sh
source /opt/pgimage/setup/lib/common.sh

apt_install patroni python3-etcd python3-pysyncobj dumb-init
patroni --version
dumb-init --version
