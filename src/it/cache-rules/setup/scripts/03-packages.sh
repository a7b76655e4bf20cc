#!/bin/sh
set -eu
mkdir -p /srv/it
echo "03-packages $(date -u +%s%N)" > /srv/it/03-packages
