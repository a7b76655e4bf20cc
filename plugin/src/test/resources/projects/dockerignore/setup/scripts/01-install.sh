#!/bin/sh
set -eu
echo install
