#!/usr/bin/env bash
# Makes sure Debian's OpenSSH server is installed, for the tests of ssh:// engine addresses (SshEngineIT starts a
# private sshd of its own on 127.0.0.1 with keys it makes; nothing here starts a service or changes sshd's
# configuration). Idempotent: does nothing when /usr/sbin/sshd exists and its privilege separation folder is there.
set -euo pipefail

log() { printf '[provision] %s\n' "$*" >&2; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

if [ ! -x /usr/sbin/sshd ]; then
  log "installing openssh-server from Debian"
  # The package's scripts would start the system's sshd on port 22 for every address; a machine without an
  # invoke-rc.d policy gets one that forbids starting services for the length of the install.
  policy=/usr/sbin/policy-rc.d
  own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
    own_policy=yes
  fi
  $SUDO apt-get update -qq >/dev/null
  NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends openssh-server >/dev/null
  if [ -n "$own_policy" ]; then $SUDO rm -f "$policy"; fi
fi
# sshd refuses to start without its privilege separation folder, which the service's start script makes (in /run,
# so it is gone after a reboot)
$SUDO mkdir -p /run/sshd
$SUDO chmod 0755 /run/sshd
log "sshd: $(/usr/sbin/sshd -V 2>&1 | head -n 1)"
