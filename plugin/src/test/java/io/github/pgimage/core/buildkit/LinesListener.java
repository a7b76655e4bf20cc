package io.github.pgimage.core.buildkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Appends every progress line, at every level, to a list the test reads afterwards. */
public record LinesListener(List<String> lines) implements ProgressListener {

    /** A list of its own, safe for the session's and the build's threads. */
    public LinesListener() {
        this(new CopyOnWriteArrayList<>());
    }

    @Override
    public void info(String line) {
        lines.add(line);
    }

    @Override
    public void warn(String line) {
        lines.add(line);
    }

    @Override
    public void error(String line) {
        lines.add(line);
    }

    @Override
    public void debug(String line) {
        lines.add(line);
    }

    /** Every line so far, one per line. */
    public String all() {
        return String.join("\n", lines);
    }
}
