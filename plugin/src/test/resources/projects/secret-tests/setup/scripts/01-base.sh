#!/bin/sh
# Only tests whether the secret was given: no read, so no problem when it is not declared; declared, it is
# mounted here too, so that the tests can see it.
set -eu
if [ -f /run/secrets/apt_auth ]; then echo "a private mirror login is given"; fi
test -s /run/secrets/apt_auth || echo "no private mirror login"
[ -e "/run/secrets/apt_auth" ] && echo given || true
