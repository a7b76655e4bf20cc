package io.github.pgimage.core.output;

import java.nio.file.Path;
import java.time.Duration;

import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;

/** Another build of the same module still held the output directory when the wait ran out. */
public final class OutputLockedException extends PgImageException {
    private static final long serialVersionUID = 1L;

    OutputLockedException(Path directory, String holder, Duration waited) {
        super("Another build of this module still uses " + directory + " after " + waited.toSeconds()
                + " s: it is held by " + holder + ". Let that build finish (or stop it) and build again, or wait"
                + " longer", Setting.LOCK_TIMEOUT, Long.toString(waited.toSeconds()), null);
    }
}
