package io.github.pgimage.core.buildkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.pgimage.core.progress.ProgressEvent;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.maven.ProgressText;

/** Appends the log line of every event, at every level, to a list the test reads afterwards. */
public record LinesListener(List<String> lines) implements ProgressListener {

    /** A list of its own, safe for the session's and the build's threads. */
    public LinesListener() {
        this(new CopyOnWriteArrayList<>());
    }

    @Override
    public void on(ProgressEvent event) {
        lines.add(ProgressText.of(event));
    }

    /** Every line so far, one per line. */
    public String all() {
        return String.join("\n", lines);
    }
}
