#!/bin/sh
# Local packages from setup/lib/debs/, mounted in every setup step.
set -eu
dpkg -i "$PGIMAGE_HOME"/setup/lib/debs/*.deb
