#!/bin/sh
set -e
echo "03: installing postgresql"
sleep 1
echo postgresql > /opt/pgimage/03.txt
