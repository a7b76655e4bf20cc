#!/bin/sh
set -eu
. /opt/pgimage/setup/lib/common.sh
say "step two"
echo two > /srv/it/two
