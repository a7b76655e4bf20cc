#!/bin/bash
# Bitnami-style library: functions only, with a shebang for editors and shellcheck. The team's entrypoint sources it.
postgresql_data_exists() {
	[[ -s "$PGDATA/PG_VERSION" ]]
}
