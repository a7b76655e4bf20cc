#!/bin/sh
set -e
echo "01: preparing the base"
sleep 1
mkdir -p /opt/pgimage
echo base > /opt/pgimage/01.txt
