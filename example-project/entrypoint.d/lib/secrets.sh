#!/usr/bin/env bash
# Settings that may carry secrets can come from a file (Docker / Kubernetes secrets) through
# NAME_FILE instead of NAME, as in the official postgres image.

# file_env NAME [DEFAULT]: exports NAME from $NAME, else from the file $NAME_FILE, else DEFAULT.
# NAME and NAME_FILE together is an error: silently preferring one hides a deployment mistake.
file_env() {
  local name=$1 default=${2-}
  local file_name="${name}_FILE"
  local value=$default
  if [ -n "${!name:-}" ] && [ -n "${!file_name:-}" ]; then
    fatal "both $name and $file_name are set; they are exclusive, set only one of them"
  fi
  if [ -n "${!name:-}" ]; then
    value=${!name}
  elif [ -n "${!file_name:-}" ]; then
    [ -r "${!file_name}" ] || fatal "$file_name: cannot read '${!file_name}'"
    value=$(< "${!file_name}")
  fi
  export "$name=$value"
  # The path has served its purpose; child processes do not need it.
  unset "$file_name"
}

# Every PATRONI_<SETTING>_FILE becomes PATRONI_<SETTING> (Patroni itself reads no files for
# passwords or tokens). No Patroni setting ends in _FILE, so the suffix is unambiguous.
file_env_patroni() {
  local file_name
  while IFS= read -r file_name; do
    file_env "${file_name%_FILE}"
  done < <(compgen -e | grep -E '^PATRONI_[A-Z0-9_]+_FILE$' || true)
}
