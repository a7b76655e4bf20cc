#!/usr/bin/env bash
# `docker run --user 12345` (OpenShift and hardened setups) gives a uid that /etc/passwd does not
# know; initdb and Patroni refuse to run without a user name. nss_wrapper supplies one.

# Exports LD_PRELOAD and the NSS_WRAPPER_* files when the current uid has no passwd entry.
provide_user_identity() {
  local uid gid lib dir
  uid=$(id -u)
  gid=$(id -g)
  if getent passwd "$uid" >/dev/null; then
    return 0
  fi
  lib=$(find /usr/lib -name libnss_wrapper.so -print -quit)
  [ -n "$lib" ] || fatal "uid $uid has no user name and libnss_wrapper.so is not installed"
  dir=$(mktemp -d /tmp/nss_wrapper.XXXXXX)
  # Keep every other account resolvable; the running uid becomes "postgres".
  grep -v '^postgres:' /etc/passwd > "$dir/passwd"
  printf 'postgres:x:%s:%s:PostgreSQL:%s:/bin/bash\n' "$uid" "$gid" "${HOME:-/var/lib/postgresql}" >> "$dir/passwd"
  cp /etc/group "$dir/group"
  if ! getent group "$gid" >/dev/null; then
    grep -v '^postgres:' /etc/group > "$dir/group"
    printf 'postgres:x:%s:\n' "$gid" >> "$dir/group"
  fi
  export LD_PRELOAD="$lib${LD_PRELOAD:+ $LD_PRELOAD}" NSS_WRAPPER_PASSWD="$dir/passwd" NSS_WRAPPER_GROUP="$dir/group"
  log "uid $uid has no passwd entry; running as user name postgres through nss_wrapper"
}
