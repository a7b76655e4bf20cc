#!/usr/bin/env bash
# Logging for the entrypoint: one format, always on stderr, so `docker logs` shows the start
# sequence interleaved with the server's own log lines.

log()   { printf '%s [entrypoint] %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$*" >&2; }
warn()  { log "WARNING: $*"; }
# Exits the whole entrypoint (also from a sourced script): the container stops with status 1.
fatal() { log "ERROR: $*"; exit 1; }
