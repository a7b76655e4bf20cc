#!/bin/sh
# Packages kept with the project, in setup/lib/debs/, which every setup step mounts (a folder of their own beside
# setup/scripts/ would never reach the build).
set -eu
. /opt/pgimage/setup/lib/secrets.sh
dpkg -i "$PGIMAGE_HOME"/setup/lib/debs/*.deb
# A private mirror's login, when one is given: testing for it is no read of the secret; reading it through
# $SECRETS_DIR is, so the plugin mounts it in this step. Only its digest stays in the image, for the test.
if [ -f "$SECRETS_DIR/apt_auth" ]; then
	sha256sum < "$SECRETS_DIR/apt_auth" | cut -c1-16 > /etc/pgimage-apt-auth.sha256
fi
