# Where build secrets are mounted; setup scripts source this file.
SECRETS_DIR="${SECRETS_DIR:-/run/secrets}"
