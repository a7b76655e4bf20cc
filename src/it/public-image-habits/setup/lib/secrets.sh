# Where BuildKit mounts the declared build secrets.
SECRETS_DIR="${SECRETS_DIR:-/run/secrets}"
