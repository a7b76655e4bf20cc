#!/bin/sh
# Local packages were meant to come from setup/debs/, as Spilo keeps them in dependencies/debs/: no part of the
# layout takes that folder, so the plugin warns that it never reaches the image.
set -eu
apt-get update
