log() { echo "$(date -u +%FT%TZ) $*" >&2; }
