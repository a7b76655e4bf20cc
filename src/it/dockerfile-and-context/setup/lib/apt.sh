apt_install() { apt-get update && apt-get install -y --no-install-recommends "$@"; }
