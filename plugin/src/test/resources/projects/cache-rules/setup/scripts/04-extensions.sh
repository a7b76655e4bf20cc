#!/bin/sh
set -eu
apt-get install -y --no-install-recommends postgresql-15-pgvector
