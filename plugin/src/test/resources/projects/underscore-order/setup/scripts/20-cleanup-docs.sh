#!/bin/sh
set -eu
rm -rf /usr/share/doc/*
