package io.github.pgimage.core.session.filesync;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the engine took from a {@link FileSyncService}: files listed, files asked for and their bytes, and the
 * first failure. Thread-safe; counts only grow.
 */
public final class FileSyncActivity {

    /** One file the engine asked for and received whole. */
    public record SentFile(String directory, String path, long bytes) {
    }

    /**
     * The totals so far.
     *
     * @param filesListed files (not directories) whose stat the engine received, over all calls
     * @param filesSent   files it asked for and received whole
     * @param bytesSent   their content bytes
     */
    public record Totals(long filesListed, long filesSent, long bytesSent) {
        /** For the build log: {@code sent 1 file, 312 bytes of 38 files}. */
        public String describe() {
            return "sent " + filesSent + (filesSent == 1 ? " file, " : " files, ") + bytesSent
                    + (bytesSent == 1 ? " byte of " : " bytes of ") + filesListed + (filesListed == 1 ? " file" : " files");
        }
    }

    private final AtomicLong filesListed = new AtomicLong();
    private final AtomicLong filesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final ConcurrentLinkedQueue<SentFile> sent = new ConcurrentLinkedQueue<>();
    private final AtomicReference<String> failure = new AtomicReference<>();

    void listed() {
        filesListed.incrementAndGet();
    }

    void sent(String directory, String path, long bytes) {
        sent.add(new SentFile(directory, path, bytes));
        bytesSent.addAndGet(bytes);
        filesSent.incrementAndGet();
    }

    void failed(String message) {
        failure.compareAndSet(null, message);
    }

    public Totals totals() {
        return new Totals(filesListed.get(), filesSent.get(), bytesSent.get());
    }

    /** The files sent so far, in the order they were completed. */
    public List<SentFile> sentFiles() {
        return List.copyOf(sent);
    }

    /** The first transfer that failed on the plugin's side, in the words sent to the engine. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }
}
