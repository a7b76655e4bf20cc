#!/bin/sh
set -eu
echo "postgis.gdal_enabled_drivers = 'DISABLE_ALL'" >> "$PGDATA/postgresql.conf"
