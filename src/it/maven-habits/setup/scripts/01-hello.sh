#!/bin/sh
set -eu
echo hello > /etc/pgimage-habits
