#!/bin/sh
# Default entrypoint written by postgres-image-maven-plugin because the project has no entrypoint.sh.
# Runs every runtime script in entrypoint.d/scripts/ in the numeric order of its NN- (or NN_) prefix (2-x.sh before
# 10-y.sh, as the build orders setup steps): a runtime script whose first line is a shebang (#!) is executed through
# that interpreter, any other is sourced into the default entrypoint's shell, whatever the file's mode. The shell is
# bash when the image has bash, sh otherwise. Sourced scripts share it, so the variables they set reach the scripts
# after them and the command. Stops at the first that fails (set -e, as docker-library's entrypoint; no -u, since
# fragments written for it test unset variables), then replaces itself with the container's command.
# Own variables are prefixed pgimage_: sourced scripts share this shell.

# Fragments may be written for bash (docker-library's shell: ${!var}, [[ ]], arrays): run under it when there is one.
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
    exec bash "$0" "$@"
fi
# bash started as sh (Red Hat's /bin/sh) is in POSIX mode, which turns some of bash's own syntax off
if [ -n "${BASH_VERSION:-}" ]; then
    set +o posix
fi
set -e
pgimage_scripts="${PGIMAGE_HOME:-/opt/pgimage}/entrypoint.d/scripts"
# Names are checked at build time (NN-name.sh of letters, digits, . _ + -): word splitting below is safe.
pgimage_ordered="$(for pgimage_script in "$pgimage_scripts"/*.sh; do
    [ -e "$pgimage_script" ] && printf '%s\n' "${pgimage_script##*/}"
done | LC_ALL=C sort -n)"
for pgimage_name in $pgimage_ordered; do
    pgimage_first=''
    IFS= read -r pgimage_first < "$pgimage_scripts/$pgimage_name" || true
    case "$pgimage_first" in
        '#!'*)
            # As the kernel reads the line: the interpreter, then the rest as one optional argument. Run through it,
            # the script needs no executable bit.
            pgimage_line="${pgimage_first#??}"
            pgimage_line="${pgimage_line#"${pgimage_line%%[! 	]*}"}"
            pgimage_line="${pgimage_line%"${pgimage_line##*[! 	]}"}"
            pgimage_interpreter="${pgimage_line%%[ 	]*}"
            pgimage_argument="${pgimage_line#"$pgimage_interpreter"}"
            pgimage_argument="${pgimage_argument#"${pgimage_argument%%[! 	]*}"}"
            echo "entrypoint: running $pgimage_name" >&2
            if [ -n "$pgimage_argument" ]; then
                "$pgimage_interpreter" "$pgimage_argument" "$pgimage_scripts/$pgimage_name" "$@"
            else
                "$pgimage_interpreter" "$pgimage_scripts/$pgimage_name" "$@"
            fi
            ;;
        *)
            echo "entrypoint: sourcing $pgimage_name" >&2
            . "$pgimage_scripts/$pgimage_name"
            ;;
    esac
done
exec "$@"
