package io.github.pgimage.core.context;

import io.github.pgimage.core.PgImageException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The build context cannot be written because of its inputs: a source file vanished, is not a regular file,
 * changed size while it was being copied, or two entries claim the same path. The message names the file.
 */
public final class ContextException extends PgImageException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ContextException(String message, Path file) {
        this(message, file, null);
    }

    public ContextException(String message, Path file, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The source file at fault, when there is one (a path conflict has none). */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
