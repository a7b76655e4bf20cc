#!/usr/bin/env bash
# Final sweep: documentation that came with the base image, package-manager leftovers, logs.
# (Packages installed by the setup steps bring no docs at all: see 00-dpkg-slim.sh.)
set -Eeuo pipefail
# shellcheck source=SCRIPTDIR/../lib/common.sh
source /opt/pgimage/setup/lib/common.sh

find /usr/share/doc -mindepth 1 ! -name copyright ! -type d -delete
find /usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf /usr/share/man/* /usr/share/info/* /usr/share/lintian
# Only English message catalogues are kept; locale.alias is needed by localedef.
find /usr/share/locale -mindepth 1 -maxdepth 1 -type d ! -name 'en' ! -name 'en_US' -exec rm -rf {} +
rm -rf /var/log/apt/* /var/log/dpkg.log /var/log/alternatives.log \
  /var/cache/debconf/*-old /var/lib/dpkg/*-old /tmp/* /var/tmp/*
# Never wipe a BuildKit cache mount: it belongs to the builder, not to this image.
apt_forget_state
log "cleaned; image payload now $(du -sxh / 2>/dev/null | cut -f1)"
