#!/usr/bin/env bash
set -euo pipefail
rm -rf /usr/share/doc/* /usr/share/man/*
