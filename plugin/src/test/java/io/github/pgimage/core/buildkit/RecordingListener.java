package io.github.pgimage.core.buildkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Keeps every progress line and echoes it, so a failing IT shows what the build said. */
public final class RecordingListener implements ProgressListener {
    public final List<String> lines = new CopyOnWriteArrayList<>();
    private final Consumer<String> onInfo;

    public RecordingListener() {
        this(line -> { });
    }

    public RecordingListener(Consumer<String> onInfo) {
        this.onInfo = onInfo;
    }

    @Override
    public void info(String line) {
        record("INFO " + line);
        onInfo.accept(line);
    }

    @Override
    public void warn(String line) {
        record("WARN " + line);
    }

    @Override
    public void error(String line) {
        record("ERROR " + line);
    }

    private void record(String line) {
        lines.add(line);
        System.out.println("[build] " + line);
    }
}
