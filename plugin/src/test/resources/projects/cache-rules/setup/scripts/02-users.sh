#!/bin/sh
set -eu
echo users
