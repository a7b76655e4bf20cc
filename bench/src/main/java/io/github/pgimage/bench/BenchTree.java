package io.github.pgimage.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Creates the source trees the benchmark packs: many small files, or a few large ones. */
final class BenchTree {

    /** The .dockerignore the benchmark applies; it excludes the *.log files of the small tree. */
    static final String DOCKERIGNORE = "# build noise\n**/*.log\n*.tmp\n!keep.tmp\n";

    private BenchTree() {
    }

    /**
     * {@code files} context files of 1–8 KiB (random sizes and bytes, fixed seed) in 50 directories two levels deep,
     * plus one excluded {@code .log} file per 20 context files.
     */
    static void smallFiles(Path root, int files) throws IOException {
        Random random = new Random(42);
        byte[] content = new byte[8 * 1024];
        for (int i = 0; i < files; i++) {
            Path dir = root.resolve(String.format("module-%02d/src-%d", i % 50, i % 2));
            Files.createDirectories(dir);
            random.nextBytes(content);
            int size = 1024 + random.nextInt(7 * 1024 + 1);
            try (OutputStream out = Files.newOutputStream(dir.resolve(String.format("file-%05d.dat", i)))) {
                out.write(content, 0, size);
            }
            if (i % 20 == 0) {
                Files.write(dir.resolve(String.format("debug-%05d.log", i)), content);
            }
        }
    }

    /** {@code files} files of {@code size} bytes of real (not sparse) data, written through one 1 MiB buffer. */
    static void largeFiles(Path root, int files, long size) throws IOException {
        Files.createDirectories(root);
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        for (int i = 0; i < files; i++) {
            try (OutputStream out = Files.newOutputStream(root.resolve("blob-" + i + ".bin"))) {
                for (long written = 0; written < size; written += block.length) {
                    out.write(block, 0, (int) Math.min(block.length, size - written));
                }
            }
        }
    }
}
