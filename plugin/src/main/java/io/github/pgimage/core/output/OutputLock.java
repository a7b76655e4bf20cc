package io.github.pgimage.core.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.github.pgimage.core.files.IoReason;

/**
 * One module's hold on its output directory ({@code target/postgres-image/}) for the length of one goal: a second
 * build of the same module (another terminal, a CI job on the same checkout, an IDE) waits for the first to finish,
 * saying who holds it, instead of mixing its Dockerfile, context and report with the first one's. The hold is an OS
 * file lock ({@link FileChannel#lock}) on {@link #FILE}, so a killed holder ({@code kill -9}) releases it with its
 * process; the next holder then removes the temporary files the killed one left ({@code .context.tar.*.tmp}).
 *
 * <pre>{@code
 * try (OutputLock lock = OutputLock.acquire(outputDirectory, "postgres-image:build", Duration.ofMinutes(10), log::info)) {
 *     // write the Dockerfile, context.tar, the report
 * }
 * }</pre>
 */
public final class OutputLock implements AutoCloseable {
    /** The lock file in the output directory; it holds who has the lock, for those who wait. */
    public static final String FILE = ".lock";

    /** How often a waiter says it still waits: the plugin is never silent for longer. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;

    /**
     * The temporary siblings {@code AtomicFiles} and the context writer create ({@code .<name>.<digits>.tmp}); with
     * the lock held nobody else writes here, so any such file is left over from an interrupted run.
     */
    private static final Pattern LEFTOVER = Pattern.compile("\\..+\\.[0-9]+\\.tmp");

    /**
     * Threads of this JVM that hold a directory (Maven's parallel builds, tests): POSIX file locks belong to the
     * process, and closing any other channel to the same file would drop the holder's lock, so threads queue here
     * before one of them opens the file.
     */
    private static final Map<Path, Semaphore> THREADS = new ConcurrentHashMap<>();
    private static final Map<Path, String> THREAD_HOLDERS = new ConcurrentHashMap<>();

    private final Path directory;
    private final Semaphore gate;
    private final FileChannel channel;
    private final FileLock lock;
    private final List<String> removedLeftovers;

    private OutputLock(Path directory, Semaphore gate, FileChannel channel, FileLock lock, List<String> removed) {
        this.directory = directory;
        this.gate = gate;
        this.channel = channel;
        this.lock = lock;
        this.removedLeftovers = List.copyOf(removed);
    }

    /**
     * Takes the output directory, creating it when needed, waiting while another build holds it (a line saying who,
     * then one every 30 s), and removes what an interrupted run left behind.
     *
     * @param holder  what takes it, for whoever waits meanwhile: {@code postgres-image:build (execution default)}
     * @param timeout how long to wait for another holder before failing
     * @param log     receives the waiting lines and the removed leftovers
     * @throws OutputLockedException another build still held it after {@code timeout}
     * @throws InterruptedException  the waiting thread was interrupted
     */
    public static OutputLock acquire(Path outputDirectory, String holder, Duration timeout, Consumer<String> log)
            throws OutputLockedException, InterruptedException {
        Path directory = createDirectory(outputDirectory);
        Waiting waiting = new Waiting(directory, timeout, log);
        Semaphore gate = THREADS.computeIfAbsent(directory, d -> new Semaphore(1));
        while (!gate.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            waiting.stillHeld(THREAD_HOLDERS.getOrDefault(directory, "another thread of this process"));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            while ((lock = tryLock(channel)) == null) {
                waiting.stillHeld(readHolder(channel));
                Thread.sleep(POLL_MILLIS);
            }
            String description = describe(holder);
            writeHolder(channel, description);
            THREAD_HOLDERS.put(directory, description);
            waiting.done();
            return new OutputLock(directory, gate, channel, lock, removeLeftovers(directory, log));
        } catch (IOException e) {
            closeQuietly(channel);
            gate.release();
            throw new UncheckedIOException("Cannot lock " + directory.resolve(FILE) + ": " + IoReason.of(e), e);
        } catch (InterruptedException | RuntimeException e) {
            closeQuietly(channel);
            gate.release();
            throw e;
        }
    }

    /** The temporary files of an interrupted run that {@link #acquire} removed, with their sizes. */
    public List<String> removedLeftovers() {
        return removedLeftovers;
    }

    /** The directory this lock holds. */
    public Path directory() {
        return directory;
    }

    /** Gives the directory to the next build; the OS does the same when the process dies. */
    @Override
    public void close() {
        THREAD_HOLDERS.remove(directory);
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it as well
        } finally {
            closeQuietly(channel);
            gate.release();
        }
    }

    private static Path createDirectory(Path outputDirectory) {
        try {
            Files.createDirectories(outputDirectory);
            return outputDirectory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + outputDirectory + ": " + IoReason.of(e), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM holds it through another class loader's copy of this class (a second plugin realm)
        }
    }

    private static String describe(String holder) {
        return "pid " + ProcessHandle.current().pid() + " (" + holder + ") since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static void writeHolder(FileChannel channel, String description) throws IOException {
        channel.truncate(0);
        ByteBuffer bytes = ByteBuffer.wrap((description + "\n").getBytes(StandardCharsets.UTF_8));
        long position = 0;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    /** What the holder wrote, read through the waiter's own channel: opening another one could drop a lock. */
    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        int read = channel.read(buffer, 0);
        String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "a process that has not said who it is yet" : text;
    }

    private static List<String> removeLeftovers(Path directory, Consumer<String> log) throws IOException {
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> LEFTOVER.matcher(entry.getFileName().toString()).matches())) {
            for (Path leftover : entries) {
                if (!Files.isRegularFile(leftover, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long size = Files.size(leftover);
                Files.deleteIfExists(leftover);
                String line = leftover.getFileName() + " (" + megabytes(size) + ")";
                removed.add(line);
                log.accept("Removed " + line + ", left in " + directory + " by an interrupted run");
            }
        }
        return removed;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was held through it
            }
        }
    }

    /** The lines a waiter prints, and its deadline. */
    private static final class Waiting {
        private final Path directory;
        private final Duration timeout;
        private final Consumer<String> log;
        private final long started = System.nanoTime();
        private long nextLine;
        private boolean waited;

        Waiting(Path directory, Duration timeout, Consumer<String> log) {
            this.directory = directory;
            this.timeout = timeout;
            this.log = log;
        }

        void stillHeld(String holder) throws OutputLockedException {
            long now = System.nanoTime();
            Duration waitedFor = Duration.ofNanos(now - started);
            if (waitedFor.compareTo(timeout) >= 0) {
                throw new OutputLockedException(directory, holder, timeout);
            }
            if (!waited) {
                waited = true;
                nextLine = now + PROGRESS_EVERY.toNanos();
                log.accept("Waiting for another build of this module to finish with " + directory + ": it is held by "
                        + holder + "; waiting up to " + timeout.toSeconds() + " s");
            } else if (now >= nextLine) {
                nextLine = now + PROGRESS_EVERY.toNanos();
                log.accept("Still waiting for " + directory + " (" + waitedFor.toSeconds() + " s so far), held by "
                        + holder);
            }
        }

        void done() {
            if (waited) {
                log.accept(String.format(Locale.ROOT, "Got %s after waiting %.1f s", directory,
                        (System.nanoTime() - started) / 1e9));
            }
        }
    }
}
