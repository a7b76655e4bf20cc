#!/bin/sh
cp /opt/pgimage/entrypoint.d/lib/x /usr/local/lib/
