#!/bin/sh
set -eu
echo two > /srv/it/two
sleep 2
