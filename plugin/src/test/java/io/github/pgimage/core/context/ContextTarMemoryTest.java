package io.github.pgimage.core.context;

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
 * A 1 GiB context written by a JVM whose whole heap is 64 MiB: file contents must be streamed, never held.
 * The files are sparse (RandomAccessFile.setLength), so they cost neither disk space nor time to create.
 */
class ContextTarMemoryTest {

    private static final int FILES = 8;
    private static final long FILE_SIZE = 128L << 20;

    @Test
    void aOneGibibyteContextIsWrittenWithinSixtyFourMebibytesOfHeap(@TempDir Path dir) throws Exception {
        for (int i = 0; i < FILES; i++) {
            try (RandomAccessFile file = new RandomAccessFile(dir.resolve("part-" + i + ".bin").toFile(), "rw")) {
                file.setLength(FILE_SIZE);
            }
        }

        Process probe = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp", System.getProperty("java.class.path"),
                ContextTarMemoryProbe.class.getName(),
                dir.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(5, TimeUnit.MINUTES), "probe did not finish");

        assertEquals(0, probe.exitValue(), output);
        // 512-byte records: 1 directory header, 8 file headers, the contents, 2 end-of-archive records
        long expected = (1 + FILES + FILES * (FILE_SIZE / 512) + 2) * 512;
        assertTrue(output.contains("bytes=" + expected + " "), output);
    }
}
