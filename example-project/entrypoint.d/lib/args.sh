#!/usr/bin/env bash
# Splitting a settings string into arguments the way a shell would (quotes, backslashes), but
# without evaluating it: POSTGRES_INITDB_ARGS must not be able to run commands.

# split_args ARRAY_NAME STRING
split_args() {
  local -n _split_into=$1
  # xargs understands shell-like quoting and never executes what it parses.
  printf '%s' "$2" | xargs -r true 2>/dev/null \
    || fatal "cannot parse arguments (unbalanced quotes?): $2"
  # NUL-separated, so arguments containing spaces stay whole.
  mapfile -d '' -t _split_into < <(printf '%s' "$2" | xargs -r printf '%s\0')
}
