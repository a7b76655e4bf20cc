#!/usr/bin/env bash
# Helpers shared by the setup scripts (sourced, never executed on its own).
# The plugin bind-mounts this folder for every setup step, so nothing here reaches the image.

log() { printf '[setup %s] %s\n' "${0##*/}" "$*" >&2; }

# BuildKit cache mounts hold /var/lib/apt/lists and /var/cache/apt when the plugin's aptCache is
# on; then apt state must stay (it is shared between steps and builds and never lands in a layer).
# Without the mounts the state would be baked into this step's layer, so it is removed again.
apt_state_is_mounted() { mountpoint -q /var/lib/apt/lists && mountpoint -q /var/cache/apt; }

# Refreshes the package lists unless a cached copy is recent: a stale cache can point at
# superseded package versions that the mirror no longer serves.
apt_refresh() {
  local stamp=/var/lib/apt/lists/.pgimage-refreshed
  if [ -n "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
    return 0
  fi
  apt-get update -qq
  touch "$stamp"
}

apt_install() {
  apt_refresh
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o=Dpkg::Use-Pty=0 "$@"
  apt_forget_state
}

apt_forget_state() {
  if ! apt_state_is_mounted; then
    apt-get clean
    rm -rf /var/lib/apt/lists/*
  fi
}
