package io.github.pgimage.core.buildkit;

/**
 * Receives the build's progress as human-readable lines, as they happen (a Mojo forwards them to
 * the Maven log). Called from the thread that reads the engine's answer, one call at a time.
 */
public interface ProgressListener {
    /** A step started or finished ({@code [setup 3/7] RUN … DONE 1.4s}, {@code … CACHED}). */
    void info(String line);

    /** A warning from the engine's Dockerfile frontend. */
    void warn(String line);

    /** A failing step, and the last lines of its output. */
    void error(String line);

    /** Everything else: internal vertices, each output line of a running step. */
    default void debug(String line) {
    }

    /** Discards everything. */
    ProgressListener SILENT = new ProgressListener() {
        @Override
        public void info(String line) {
        }

        @Override
        public void warn(String line) {
        }

        @Override
        public void error(String line) {
        }
    };
}
