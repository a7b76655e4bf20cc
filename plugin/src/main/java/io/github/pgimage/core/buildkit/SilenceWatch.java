package io.github.pgimage.core.buildkit;

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

    /**
     * @param what   e.g. "the build", for the line
     * @param doing  what the engine is busy with now (read on the watch's thread)
     */
    public SilenceWatch(String what, Duration quiet, Supplier<String> doing, ProgressListener listener) {
        this("the engine", what, quiet, doing, listener);
    }

    /**
     * @param who    who should be talking: "the engine", "BuildKit at …"
     * @param what   e.g. "the build", for the line
     * @param doing  what the builder is busy with now (read on the watch's thread)
     */
    public SilenceWatch(String who, String what, Duration quiet, Supplier<String> doing, ProgressListener listener) {
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
                    listener.info("Still waiting: " + who + " has sent nothing about " + what + " for "
                            + Duration.ofNanos(now - lastHeard).toSeconds() + " s; waiting for " + doing.get());
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
