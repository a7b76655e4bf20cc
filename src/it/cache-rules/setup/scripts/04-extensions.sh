#!/bin/sh
set -eu
mkdir -p /srv/it
echo "04-extensions $(date -u +%s%N)" > /srv/it/04-extensions
