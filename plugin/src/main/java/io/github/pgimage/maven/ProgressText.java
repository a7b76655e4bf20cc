package io.github.pgimage.maven;

import java.util.Locale;

import io.github.pgimage.core.progress.ProgressEvent;

/**
 * How the plugin writes {@link ProgressEvent}s into Maven's log: one line each, at the level {@link #level} gives.
 * Steps read as BuildKit's own progress does ({@code [setup 3/7] RUN … DONE 1.4s}, {@code … CACHED}).
 */
public final class ProgressText {
    private ProgressText() {
    }

    public static String of(ProgressEvent event) {
        if (event instanceof ProgressEvent.StepStarted e) {
            return e.step();
        } else if (event instanceof ProgressEvent.StepCached e) {
            return e.step() + " CACHED";
        } else if (event instanceof ProgressEvent.StepFinished e) {
            return e.step() + " DONE " + String.format(Locale.ROOT, "%.1fs", e.millis() / 1000.0);
        } else if (event instanceof ProgressEvent.StepFailed e) {
            return e.step() + " ERROR: " + e.error();
        } else if (event instanceof ProgressEvent.StepOutput e) {
            return e.step() + " | " + e.line();
        } else if (event instanceof ProgressEvent.Warning e) {
            return "WARNING: " + e.text();
        } else if (event instanceof ProgressEvent.Waiting e) {
            return "Still waiting: " + e.source() + " has sent nothing about " + e.about() + " for "
                    + e.silentSeconds() + " s; waiting for " + e.waiting();
        }
        return ((ProgressEvent.Message) event).text();
    }

    /** Output lines and builder internals are detail ({@code -X}); a failed step is an error. */
    public static ProgressEvent.Level level(ProgressEvent event) {
        if (event instanceof ProgressEvent.Message e) {
            return e.level();
        } else if (event instanceof ProgressEvent.StepFailed) {
            return ProgressEvent.Level.ERROR;
        } else if (event instanceof ProgressEvent.Warning) {
            return ProgressEvent.Level.WARN;
        } else if (event instanceof ProgressEvent.StepOutput) {
            return ProgressEvent.Level.DEBUG;
        }
        return ProgressEvent.Level.INFO;
    }
}
