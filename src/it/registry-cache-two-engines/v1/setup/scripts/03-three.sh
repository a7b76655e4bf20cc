#!/bin/sh
set -eu
echo three > /srv/it/three
sleep 2
