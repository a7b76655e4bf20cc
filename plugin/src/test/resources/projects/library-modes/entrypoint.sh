#!/usr/bin/env bash
# A team entrypoint in docker-library's manner: each script in entrypoint.d/scripts/ is executed when it is
# executable, sourced otherwise. The context keeps the checkout's modes, so 10-env.sh (0644) is sourced and
# 30-tune.sh (0755) executed.
set -Eeo pipefail
source "$PGIMAGE_HOME/entrypoint.d/lib/libpostgresql.sh"
for f in "$PGIMAGE_HOME"/entrypoint.d/scripts/*.sh; do
	if [ -x "$f" ]; then
		printf '%s: running %s\n' "$0" "$f"
		"$f"
	else
		printf '%s: sourcing %s\n' "$0" "$f"
		. "$f"
	fi
done
exec "$@"
