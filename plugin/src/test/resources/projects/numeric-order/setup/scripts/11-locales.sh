#!/bin/sh
set -eu
# LANG is set at runtime; the build only generates $LOCALE
localedef -i "${LOCALE%.*}" -f UTF-8 "$LOCALE"
