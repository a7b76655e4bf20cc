package io.github.pgimage.core.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes output files through a temporary sibling and a rename, so that a reader (or a crash) never sees a
 * half-written Dockerfile, context tar, report or id file, and an existing one stays intact until the new one is
 * complete.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content) {
        Path directory = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
            Path temp = createTemp(target);
            try {
                Files.write(temp, content);
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * A temporary sibling of {@code target} to write into, then {@link #move} over it. Temporary files are created
     * 0600; these are ordinary build outputs, so 0644 (less the umask) like any file Maven writes.
     */
    public static Path createTemp(Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        return Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", readableByAll(directory));
    }

    /** Replaces {@code target} with {@code temp} in one step where the file system allows it. */
    public static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileAttribute<?>[] readableByAll(Path directory) {
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))};
        }
        return new FileAttribute<?>[0];
    }
}
