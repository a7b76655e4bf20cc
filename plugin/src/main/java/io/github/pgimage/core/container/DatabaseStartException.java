package io.github.pgimage.core.container;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;

/**
 * The container was created but PostgreSQL never answered: the container exited, or the start timeout passed.
 * A problem of the image or its configuration (a build failure), not of the engine. Carries the container's log,
 * and, when the timeout ran out, the timeout setting and its value.
 */
public class DatabaseStartException extends PgImageException {
    private final String containerLog;

    public DatabaseStartException(String message, String containerLog, Throwable cause) {
        this(message, containerLog, cause, null, null);
    }

    public DatabaseStartException(String message, String containerLog, Throwable cause, Setting setting, String value) {
        super(message, setting, value, cause);
        this.containerLog = containerLog == null ? "" : containerLog;
    }

    /** Everything the container wrote to stdout and stderr, or empty when it could not be read. */
    public String containerLog() {
        return containerLog;
    }
}
