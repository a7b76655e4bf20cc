#!/bin/sh
set -eu
. "$PGIMAGE_HOME/setup/lib/stamp.sh"
stamp audit
