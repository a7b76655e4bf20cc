#!/bin/sh
set -eu
. /opt/pgimage/setup/lib/common.sh
say "step one: $GREETING"
mkdir -p /srv/it && echo one > /srv/it/one
