package io.github.pgimage.core.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.pgimage.core.files.AtomicFiles;

/**
 * {@code image.digest}: the manifest digest of the pushed image, one line, written atomically. It is removed when a
 * new image is built and when a push starts, so that it never names another image than {@code image.id}.
 */
public final class DigestFile {
    public static final String NAME = "image.digest";

    private DigestFile() {
    }

    /** Writes {@code digest} to {@code outputDirectory/image.digest} and returns that path. */
    public static Path write(Path outputDirectory, String digest) {
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256 manifest digest: " + digest);
        }
        Path file = outputDirectory.resolve(NAME);
        AtomicFiles.write(file, (digest + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** Removes {@code outputDirectory/image.digest}, if there is one: a push is about to replace it, or the image it named. */
    public static void remove(Path outputDirectory) {
        Path file = outputDirectory.resolve(NAME);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ", which names an earlier image's push", e);
        }
    }
}
