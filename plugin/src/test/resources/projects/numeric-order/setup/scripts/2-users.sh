#!/bin/sh
set -eu
# PG_MAJOR is not needed here: a comment does not make this step depend on it
groupadd -r postgres --gid=999
