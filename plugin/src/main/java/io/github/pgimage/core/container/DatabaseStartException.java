package io.github.pgimage.core.container;

/**
 * The container was created but PostgreSQL never answered: the container exited, or the start timeout passed.
 * A problem of the image or its configuration (a build failure), not of the engine. Carries the container's log.
 */
public class DatabaseStartException extends Exception {
    private final String containerLog;

    public DatabaseStartException(String message, String containerLog, Throwable cause) {
        super(message, cause);
        this.containerLog = containerLog == null ? "" : containerLog;
    }

    /** Everything the container wrote to stdout and stderr, or empty when it could not be read. */
    public String containerLog() {
        return containerLog;
    }
}
