# Shared by every image module of the reactor (declared in <sharedDirectories>), sourced by setup scripts.
stamp() {
    mkdir -p /srv/it
    echo "$1 built with the shared helper" > /srv/it/stamp
}
