#!/bin/sh
set -eu
mkdir -p /srv/it && echo one > /srv/it/one
sleep 2
