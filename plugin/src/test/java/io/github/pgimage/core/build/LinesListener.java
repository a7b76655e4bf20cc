package io.github.pgimage.core.build;

import java.util.List;

import io.github.pgimage.core.buildkit.ProgressListener;

/** Appends every progress line, at every level, to a list the test reads afterwards. */
record LinesListener(List<String> lines) implements ProgressListener {

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
}
