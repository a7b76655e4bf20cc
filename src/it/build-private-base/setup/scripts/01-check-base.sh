#!/bin/sh
set -eu
cat /etc/pgimage-it-base-marker
