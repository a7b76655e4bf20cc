#!/usr/bin/env bash
# PostgreSQL from Debian; kept at 0644 in Git: the plugin runs it through its interpreter.
set -Eeuo pipefail
apt-get update
apt-get install -y --no-install-recommends postgresql-15
