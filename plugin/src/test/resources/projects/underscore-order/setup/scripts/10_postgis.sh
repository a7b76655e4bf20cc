#!/bin/sh
# PostGIS's name for its script: ordered by its digits, 10, after 01 and before 20.
set -eu
apt-get install -y --no-install-recommends postgresql-15-postgis-3
