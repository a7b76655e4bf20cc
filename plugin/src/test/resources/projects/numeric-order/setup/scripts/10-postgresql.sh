#!/bin/sh
set -eu
apt-get install -y "postgresql-${PG_MAJOR}"
