package io.github.pgimage.core.buildkit;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens the build context, an uncompressed tar, for streaming to the engine. Called once per build;
 * the builder closes the stream.
 */
@FunctionalInterface
public interface ContextSource {
    InputStream open() throws IOException;
}
