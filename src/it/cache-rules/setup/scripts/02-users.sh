#!/bin/sh
set -eu
mkdir -p /srv/it
echo "02-users $(date -u +%s%N)" > /srv/it/02-users
