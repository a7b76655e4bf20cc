#!/bin/sh
set -eu
# prebuild.groovy rewrites this file with a fresh value on every run of the IT
mkdir -p /srv/it
echo run > /srv/it/01-base
