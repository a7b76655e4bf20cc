#!/usr/bin/env bash
# Keeps documentation, man pages and translations out of every package installed after this
# step. Deleting them afterwards (99-cleanup) cannot shrink the image: the earlier layers would
# still hold the bytes. Copyright files stay, as Debian's licences ask.
set -Eeuo pipefail
# shellcheck source=SCRIPTDIR/../lib/common.sh
source /opt/pgimage/setup/lib/common.sh

cat > /etc/dpkg/dpkg.cfg.d/pgimage-slim <<'CFG'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/lintian/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
CFG
log "dpkg will skip docs, man pages and translations"
