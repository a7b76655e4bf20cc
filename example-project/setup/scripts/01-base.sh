#!/usr/bin/env bash
# Base OS dependencies: the en_US.UTF-8 locale (initdb's default), time zone data with UTC as the
# system zone, and CA certificates (TLS to a DCS, to backup storage, to other servers).
set -Eeuo pipefail
# shellcheck source=SCRIPTDIR/../lib/common.sh
source /opt/pgimage/setup/lib/common.sh

apt_install locales tzdata ca-certificates

# localedef instead of locale-gen: builds exactly one locale and leaves /etc/locale.gen alone.
localedef -i en_US -c -f UTF-8 -A /usr/share/locale/locale.alias en_US.UTF-8

ln -sfn /usr/share/zoneinfo/Etc/UTC /etc/localtime
echo 'Etc/UTC' > /etc/timezone
log "locale en_US.UTF-8 and time zone UTC configured"
