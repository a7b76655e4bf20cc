#!/bin/sh
# Edited by the IT: the mark reaches the server as its cluster_name.
echo "runtime script: mark v1"
PGIMAGE_OPTIONS="$PGIMAGE_OPTIONS -c cluster_name=v1"
