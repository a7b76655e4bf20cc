package io.github.pgimage.core.session;

import io.github.pgimage.core.buildkit.ProgressListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every progress line of a build, at every level, as the Mojo would receive them. */
final class CapturingListener implements ProgressListener {
    final List<String> lines = new CopyOnWriteArrayList<>();

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

    String all() {
        return String.join("\n", lines);
    }
}
