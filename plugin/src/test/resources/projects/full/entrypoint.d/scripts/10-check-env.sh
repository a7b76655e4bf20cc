#!/usr/bin/env bash
set -euo pipefail
: "${POSTGRES_PASSWORD:?}"
