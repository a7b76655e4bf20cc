#!/bin/bash
# Reads the secret through the variable setup/lib/secrets.sh sets: mounted in this step only.
set -euo pipefail
. /opt/pgimage/setup/lib/secrets.sh
if [[ -r "$SECRETS_DIR/apt_auth" ]]; then
	install -m 0600 "$SECRETS_DIR/apt_auth" /etc/apt/auth.conf.d/private.conf
fi
