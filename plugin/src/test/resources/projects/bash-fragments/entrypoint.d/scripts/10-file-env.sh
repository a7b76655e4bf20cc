# Sourced (no shebang), written for bash as docker-library's entrypoint helpers are:
# POSTGRES_PASSWORD from $POSTGRES_PASSWORD or from the file $POSTGRES_PASSWORD_FILE names.
file_env() {
	local var="$1"
	local fileVar="${var}_FILE"
	local def="${2:-}"
	if [ "${!var:-}" ] && [ "${!fileVar:-}" ]; then
		printf >&2 'error: both %s and %s are set (but are exclusive)\n' "$var" "$fileVar"
		exit 1
	fi
	local val="$def"
	if [ "${!var:-}" ]; then
		val="${!var}"
	elif [ "${!fileVar:-}" ]; then
		val="$(< "${!fileVar}")"
	fi
	declare -g "$var"="$val"
	export "$var"
	unset "$fileVar"
}
file_env POSTGRES_PASSWORD
file_env POSTGRES_USER postgres
file_env POSTGRES_DB "$POSTGRES_USER"
