package io.github.pgimage.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Creates the projects the benchmark packs, in the plugin's layout: one setup script, and many small files or a
 * few large ones as configuration files ({@code config/}), which the image copies as they are.
 */
final class BenchTree {

    /** The .dockerignore the benchmark applies; it excludes the *.log files of the small tree. */
    static final String DOCKERIGNORE = "# build noise\n**/*.log\n*.tmp\n!keep.tmp\n";

    private BenchTree() {
    }

    /** The setup script every bench project has (a project without one is invalid) and its .dockerignore. */
    static void project(Path root) throws IOException {
        Files.createDirectories(root.resolve("setup/scripts"));
        Files.writeString(root.resolve("setup/scripts/01-setup.sh"), "#!/bin/sh\necho setup\n");
        Files.writeString(root.resolve(".dockerignore"), DOCKERIGNORE);
    }

    /**
     * A project whose {@code config/} holds {@code files} files of 1–8 KiB (random sizes and bytes, fixed seed) in
     * 50 directories two levels deep, plus one excluded {@code .log} file per 20 context files.
     */
    static void smallFiles(Path root, int files) throws IOException {
        project(root);
        Random random = new Random(42);
        byte[] content = new byte[8 * 1024];
        for (int i = 0; i < files; i++) {
            Path dir = root.resolve(String.format("config/module-%02d/src-%d", i % 50, i % 2));
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

    /** A project with {@code files} files of {@code size} bytes of real (not sparse) data in {@code config/}. */
    static void largeFiles(Path root, int files, long size) throws IOException {
        project(root);
        Files.createDirectories(root.resolve("config"));
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        for (int i = 0; i < files; i++) {
            try (OutputStream out = Files.newOutputStream(root.resolve("config/blob-" + i + ".bin"))) {
                for (long written = 0; written < size; written += block.length) {
                    out.write(block, 0, (int) Math.min(block.length, size - written));
                }
            }
        }
    }
}
