#!/usr/bin/env bash
set -euo pipefail
mkdir -p /opt/pgimage/out/usr/share/postgresql/15/extension
echo "-- built" > /opt/pgimage/out/usr/share/postgresql/15/extension/demo--1.0.sql
