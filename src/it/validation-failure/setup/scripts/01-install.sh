#!/bin/sh
set -eu
apt-get update
