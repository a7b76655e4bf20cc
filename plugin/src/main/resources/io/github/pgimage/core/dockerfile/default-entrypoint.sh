#!/bin/sh
# Default entrypoint written by postgres-image-maven-plugin because the project has no entrypoint.sh.
# Runs every runtime script in entrypoint.d/scripts/ in the numeric order of its NN- prefix (2-x.sh before
# 10-y.sh, as the build orders setup steps): a script with a shebang line is executed with its own interpreter,
# one without is sourced into this shell (docker-library style), so the variables it sets reach the scripts after
# it and the command. Stops at the first that fails, then replaces itself with the container's command.
# Own variables are prefixed pgimage_: sourced scripts share this shell.
set -eu
pgimage_scripts="${PGIMAGE_HOME:-/opt/pgimage}/entrypoint.d/scripts"
# Names are checked at build time (NN-name.sh of letters, digits, . _ + -): word splitting below is safe.
pgimage_ordered="$(for pgimage_script in "$pgimage_scripts"/*.sh; do
    [ -e "$pgimage_script" ] && printf '%s\n' "${pgimage_script##*/}"
done | sort -n -t- -k1,1)"
for pgimage_name in $pgimage_ordered; do
    pgimage_first=''
    IFS= read -r pgimage_first < "$pgimage_scripts/$pgimage_name" || true
    case "$pgimage_first" in
        '#!'*)
            echo "entrypoint: running $pgimage_name" >&2
            "$pgimage_scripts/$pgimage_name" "$@"
            ;;
        *)
            echo "entrypoint: sourcing $pgimage_name" >&2
            . "$pgimage_scripts/$pgimage_name"
            ;;
    esac
done
exec "$@"
