package io.github.pgimage.core.validate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A library (functions and variables only, as Bitnami's {@code libpostgresql.sh} or docker-library's helpers) is
 * told from a script that does something when it runs.
 */
class FunctionLibraryTest {

    @Test
    void functionsVariablesOptionsAndLoadsOnlyAreALibrary() {
        assertTrue(FunctionLibrary.definesOnly(ShellCode.of("""
                #!/bin/bash
                # shellcheck disable=SC1091
                set -o errexit
                . /opt/pgimage/entrypoint.d/lib/log.sh

                export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
                readonly PG_BIN=/usr/lib/postgresql/15/bin
                : "${POSTGRES_USER:=postgres}"
                databases=(postgres template1)

                postgresql_validate() {
                    if [[ -z "${POSTGRES_PASSWORD:-}" ]]; then
                        error "POSTGRES_PASSWORD must be set"
                        return 1
                    fi
                    local dirs="${PGDATA} ${PGDATA}/pg_wal"
                    for d in $dirs; do { echo "$d"; } >&2; done
                }

                function postgresql_is_running
                {
                    pg_ctl status -D "$PGDATA" >/dev/null 2>&1
                }
                """)));
    }

    @Test
    void aTopLevelCommandMakesItAScript() {
        assertFalse(FunctionLibrary.definesOnly(ShellCode.of("""
                #!/bin/bash
                setup_env() { export PGDATA=/data; }
                setup_env
                """)));
        assertFalse(FunctionLibrary.definesOnly(ShellCode.of("#!/bin/sh\nPGDATA=/data initdb\n")));
        assertFalse(FunctionLibrary.definesOnly(ShellCode.of("#!/bin/sh\nif [ -n \"$X\" ]; then export Y=1; fi\n")));
        assertFalse(FunctionLibrary.definesOnly(ShellCode.of("#!/bin/sh\necho \"}\"\n")));
    }

    @Test
    void anEmptyFileDefinesNothing() {
        assertFalse(FunctionLibrary.definesOnly(ShellCode.of("#!/bin/sh\n# nothing yet\n")));
    }
}
