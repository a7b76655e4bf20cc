package io.github.pgimage.core.dockerfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The {@code entrypoint.sh} used when the project has none: runs the runtime scripts in order, then the command. */
public final class DefaultEntrypoint {

    private DefaultEntrypoint() {
    }

    public static byte[] content() {
        try (InputStream in = DefaultEntrypoint.class.getResourceAsStream("default-entrypoint.sh")) {
            if (in == null) {
                throw new IllegalStateException("default-entrypoint.sh is missing from the plugin jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
