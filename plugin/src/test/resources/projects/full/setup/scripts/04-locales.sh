#!/usr/bin/env bash
set -euo pipefail
localedef -i en_US -c -f UTF-8 en_US.UTF-8
