#!/bin/sh
set -eu
. /opt/pgimage/setup/lib/common.sh
say "step three"
echo three > /srv/it/three
