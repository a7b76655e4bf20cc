package io.github.pgimage.core.session.filesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1 GiB of context sent over FileSync by a JVM whose whole heap is 64 MiB: files are hashed and sent through one
 * small buffer, and a send waits while gRPC's buffer is full, so nothing grows with file sizes. The files are
 * sparse (RandomAccessFile.setLength), so they cost neither disk space nor time to create.
 */
class FileSyncMemoryTest {

    private static final int FILES = 8;
    private static final long FILE_SIZE = 128L << 20;

    @Test
    void aOneGibibyteContextIsSentWithinSixtyFourMebibytesOfHeap(@TempDir Path dir) throws Exception {
        for (int i = 0; i < FILES; i++) {
            try (RandomAccessFile file = new RandomAccessFile(dir.resolve("part-" + i + ".bin").toFile(), "rw")) {
                file.setLength(FILE_SIZE);
            }
        }

        Process probe = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp", System.getProperty("java.class.path"),
                FileSyncMemoryProbe.class.getName(),
                dir.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(10, TimeUnit.MINUTES), "probe did not finish");

        assertEquals(0, probe.exitValue(), output);
        long expected = FILES * FILE_SIZE;
        assertTrue(output.contains("bytes=" + expected + " sent=" + expected + " "), output);
    }
}
