#!/bin/sh
# Executable (0755 in Git): the entrypoint executes it, so the functions the fragments defined are not here.
set -eu
if command -v docker_setup_env >/dev/null 2>&1; then
    echo "30-check.sh: sourced, not executed" >&2
    exit 1
fi
echo "30-check.sh: runs in a process of its own"
