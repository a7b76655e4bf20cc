#!/bin/sh
set -e
echo "02: adding users"
sleep 1
echo users > /opt/pgimage/02.txt
