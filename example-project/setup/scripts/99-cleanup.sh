#!/usr/bin/env bash
# Removes what a server image never uses: documentation, man pages, translations of tools that
# run in English, and package-manager leftovers.
set -Eeuo pipefail
# shellcheck source=SCRIPTDIR/../lib/common.sh
source /opt/pgimage/setup/lib/common.sh

rm -rf /usr/share/doc/* /usr/share/man/* /usr/share/info/* /usr/share/lintian /usr/share/linda
# Only English message catalogues are kept; locale.alias is needed by localedef.
find /usr/share/locale -mindepth 1 -maxdepth 1 -type d ! -name 'en' ! -name 'en_US' -exec rm -rf {} +
find / -xdev -type d -name __pycache__ -prune -exec rm -rf {} +
rm -rf /var/log/apt/* /var/log/dpkg.log /var/log/alternatives.log \
  /var/cache/debconf/*-old /var/lib/dpkg/*-old /tmp/* /var/tmp/*
# Never wipe a BuildKit cache mount: it belongs to the builder, not to this image.
apt_forget_state
log "cleaned; image payload now $(du -sxh / 2>/dev/null | cut -f1)"
