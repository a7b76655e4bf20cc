package io.github.pgimage.core.progress;

/**
 * Receives {@link ProgressEvent}s as they happen (the Maven layer renders them into its log). Called from the thread
 * that reads the engine's or the builder's answer, one event at a time; a silence watch may call it from its own.
 * The {@code info}/{@code warn}/{@code error}/{@code debug} helpers send a {@link ProgressEvent.Message}.
 */
@FunctionalInterface
public interface ProgressListener {

    void on(ProgressEvent event);

    default void info(String text) {
        on(new ProgressEvent.Message(ProgressEvent.Level.INFO, text));
    }

    default void warn(String text) {
        on(new ProgressEvent.Message(ProgressEvent.Level.WARN, text));
    }

    default void error(String text) {
        on(new ProgressEvent.Message(ProgressEvent.Level.ERROR, text));
    }

    default void debug(String text) {
        on(new ProgressEvent.Message(ProgressEvent.Level.DEBUG, text));
    }

    /** Discards everything. */
    ProgressListener SILENT = event -> { };
}
