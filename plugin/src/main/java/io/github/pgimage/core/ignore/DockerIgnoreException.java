package io.github.pgimage.core.ignore;

import io.github.pgimage.core.PgImageException;

/**
 * A .dockerignore that Docker would refuse: a malformed pattern, or a file that cannot be read. The message
 * names the file (when read from one), the line and the pattern.
 */
public final class DockerIgnoreException extends PgImageException {

    private static final long serialVersionUID = 1L;

    public DockerIgnoreException(String message) {
        super(message);
    }

    public DockerIgnoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
