#!/usr/bin/env bash
set -euo pipefail
. /opt/pgimage/setup/lib/apt.sh
apt_install ca-certificates locales tzdata
