package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.maven.ProgressText;
import io.github.pgimage.core.progress.ProgressEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the raw engine answers recorded by {@code traces/record-traces.sh}. */
final class RecordedTraces {
    private RecordedTraces() {
    }

    static InputStream open(String name) {
        InputStream in = RecordedTraces.class.getResourceAsStream("traces/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no recorded trace " + name);
        }
        return in;
    }

    static List<EngineMessage> messages(String name) {
        List<EngineMessage> messages = new ArrayList<>();
        try (InputStream in = open(name)) {
            new TraceDecoder().decode(in, messages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    /** Feeds every trace message of a recording to a tracker, as the builder does while the build runs. */
    static StepTracker track(String name, ProgressListener listener) {
        StepTracker tracker = new StepTracker(listener);
        for (EngineMessage message : messages(name)) {
            if (message instanceof EngineMessage.Trace trace) {
                tracker.accept(trace.status());
            }
        }
        return tracker;
    }

    /** Collects what a tracker announces, with the level as a prefix. */
    static final class Lines implements ProgressListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void on(ProgressEvent event) {
            if (ProgressText.level(event) != ProgressEvent.Level.DEBUG) {
                lines.add(ProgressText.level(event) + " " + ProgressText.of(event));
            }
        }
    }
}
