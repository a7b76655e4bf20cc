#!/bin/sh
set -eu
echo "installing the impossible"
echo "E: Unable to locate package postgresql-99" >&2
exit 100
