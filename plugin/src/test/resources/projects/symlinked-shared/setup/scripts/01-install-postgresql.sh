#!/bin/sh
set -eu
. /opt/pgimage/setup/lib/pg/apt.sh
apt-get update
apt_install postgresql-15
