# Sourced by the default entrypoint (no shebang), written for bash as docker-library's helpers are: a variable may
# come from the file its _FILE twin names (Docker secrets), never from both.
file_env() {
	local name="$1" default="${2:-}"
	local from_file="${name}_FILE"
	if [[ -n "${!name:-}" && -n "${!from_file:-}" ]]; then
		printf >&2 'entrypoint: %s and %s are both set; set one\n' "$name" "$from_file"
		return 1
	fi
	local value="$default"
	if [[ -n "${!name:-}" ]]; then
		value="${!name}"
	elif [[ -n "${!from_file:-}" ]]; then
		value="$(< "${!from_file}")"
	fi
	declare -g "$name=$value"
	export "$name"
	unset "$from_file"
}
for variable in POSTGRES_PASSWORD POSTGRES_USER POSTGRES_DB; do
	file_env "$variable"
done
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
