package io.github.pgimage.core.registry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.github.pgimage.core.files.AtomicFiles;

/** {@code image.digest}: the manifest digest of the pushed image, one line, written atomically. */
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
}
