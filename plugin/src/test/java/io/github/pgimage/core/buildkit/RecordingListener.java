package io.github.pgimage.core.buildkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.pgimage.core.progress.ProgressEvent;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.maven.ProgressText;

/**
 * Keeps every event and the line the Maven log would show for it above debug ({@code INFO [setup 2/4] RUN … CACHED}),
 * and echoes the lines, so a failing IT shows what the build said.
 */
public final class RecordingListener implements ProgressListener {
    public final List<String> lines = new CopyOnWriteArrayList<>();
    public final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final Consumer<String> onInfo;

    public RecordingListener() {
        this(line -> { });
    }

    /** @param onInfo called with each INFO line as it comes */
    public RecordingListener(Consumer<String> onInfo) {
        this.onInfo = onInfo;
    }

    @Override
    public void on(ProgressEvent event) {
        events.add(event);
        ProgressEvent.Level level = ProgressText.level(event);
        if (level == ProgressEvent.Level.DEBUG) {
            return;
        }
        String line = ProgressText.of(event);
        lines.add(level + " " + line);
        System.out.println("[build] " + level + " " + line);
        if (level == ProgressEvent.Level.INFO) {
            onInfo.accept(line);
        }
    }
}
