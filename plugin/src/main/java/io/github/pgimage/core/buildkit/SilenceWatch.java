package io.github.pgimage.core.buildkit;

import io.github.pgimage.core.progress.ProgressEvent;
import io.github.pgimage.core.progress.ProgressListener;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Never silent: while a builder's or engine's answer streams nothing for {@code quiet}, says once per quiet period what
 * the plugin is waiting for. A daemon thread; {@link #heard()} after every message, {@link #close()} at the end.
 */
public final class SilenceWatch implements AutoCloseable {
    public static final Duration QUIET = Duration.ofSeconds(30);

    private final Thread thread;
    private volatile long lastHeard = System.nanoTime();
    private volatile boolean closed;

    /** A watch on the engine. */
    public SilenceWatch(String what, Duration quiet, Supplier<String> doing, ProgressListener listener) {
        this("the engine", what, quiet, doing, listener);
    }

    /**
     * @param source who should be talking: "the engine", "BuildKit at …"
     * @param what   what it was asked for, e.g. "the build"
     * @param doing  what it is busy with now (read on the watch's thread)
     */
    public SilenceWatch(String source, String what, Duration quiet, Supplier<String> doing, ProgressListener listener) {
        long quietNanos = quiet.toNanos();
        thread = new Thread(() -> {
            long lastSaid = lastHeard;
            while (!closed) {
                try {
                    Thread.sleep(Math.min(1000, Math.max(10, quiet.toMillis() / 10)));
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long since = Math.max(lastHeard, lastSaid);
                if (!closed && now - since >= quietNanos) {
                    lastSaid = now;
                    listener.on(new ProgressEvent.Waiting(source, what, Duration.ofNanos(now - lastHeard).toSeconds(),
                            doing.get()));
                }
            }
        }, "pgimage-silence-watch");
        thread.setDaemon(true);
        thread.start();
    }

    public void heard() {
        lastHeard = System.nanoTime();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
