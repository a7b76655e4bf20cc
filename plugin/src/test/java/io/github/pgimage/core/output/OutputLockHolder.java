package io.github.pgimage.core.output;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.pgimage.core.files.AtomicFiles;

/**
 * A second process for {@link OutputLockTest}: takes the lock on the folder given, starts a context tar's temporary
 * file in it as a build would, says {@code HELD} and waits to be killed ({@code kill -9}), in the middle of the write.
 */
public final class OutputLockHolder {
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        OutputLock lock = OutputLock.acquire(directory, "the test's other process", Duration.ofSeconds(30),
                System.out::println);
        Path temp = AtomicFiles.createTemp(lock.directory().resolve("context.tar"));
        try (OutputStream out = Files.newOutputStream(temp)) {
            out.write(new byte[64 * 1024]);
            out.flush();
            System.out.println("HELD " + temp.getFileName());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }
}
