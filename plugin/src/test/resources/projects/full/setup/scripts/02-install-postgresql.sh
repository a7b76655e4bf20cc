#!/usr/bin/env bash
set -euo pipefail
. /opt/pgimage/setup/lib/apt.sh
apt_install postgresql-15
