package io.github.pgimage.core.context;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.pgimage.core.files.AtomicFiles;

/**
 * Writes {@code context.tar} so that readers only ever see a complete file: the tar goes to a temporary file in
 * the same directory, which then replaces the target in one rename. A failed write leaves any previous tar as it
 * was and no temporary file behind.
 */
public final class ContextTar {

    private ContextTar() {
    }

    /**
     * Writes the entries as a deterministic tar (see {@link ContextTarWriter}) to {@code target}, creating its
     * directory when needed.
     *
     * @param mtime the mtime of every entry: {@code SOURCE_DATE_EPOCH} when set, else
     *              {@link ContextTarWriter#DEFAULT_MTIME}
     * @return {@code sha256:<hex>} of the file's bytes
     * @throws ContextException     when an entry's source is missing, not a regular file or changes meanwhile
     * @throws UncheckedIOException naming the target when it cannot be written
     */
    public static String write(List<ContextEntry> entries, Path target, Instant mtime) {
        return write(entries, target, mtime, null);
    }

    /** As {@link #write(List, Path, Instant)}, and collects each file's {@link ContentDigest} into {@code digests}. */
    public static String write(List<ContextEntry> entries, Path target, Instant mtime, Map<String, ContentDigest> digests) {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = AtomicFiles.createTemp(target);
            String digest;
            try (OutputStream out = Files.newOutputStream(temporary)) {
                digest = new ContextTarWriter(mtime).write(entries, out, digests);
            }
            AtomicFiles.move(temporary, target);
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // Leaves a hidden .tmp beside the target; the build result itself is unaffected
        }
    }
}
