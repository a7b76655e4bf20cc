. "$PGIMAGE_HOME/entrypoint.d/lib/log.sh"
log "audit-db starting"
