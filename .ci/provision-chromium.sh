#!/usr/bin/env bash
# Makes sure Debian's headless-capable Chromium is installed: the build report page's test renders the page with it
# (a PNG, and the DOM as the browser parsed it). Idempotent: does nothing when `chromium` is on the PATH.
set -euo pipefail

log() { printf '[provision] %s\n' "$*" >&2; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

if ! command -v chromium >/dev/null 2>&1; then
  log "installing chromium from Debian (about a minute)"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
log "chromium: $(chromium --version 2>/dev/null || echo 'installed, but --version failed')"
