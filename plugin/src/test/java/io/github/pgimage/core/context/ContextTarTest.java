package io.github.pgimage.core.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextTarTest {

    private static final List<ContextEntry> ENTRIES = List.of(
            ContextEntry.generated("Dockerfile", "FROM debian:bookworm-slim\n".getBytes(StandardCharsets.UTF_8), false),
            ContextEntry.generated("setup/scripts/10-a.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), true));

    @TempDir
    Path tmp;

    @Test
    void writesTheSameBytesAsTheStreamWriterAndReturnsTheirDigest() throws Exception {
        Path target = tmp.resolve("target/postgres-image/context.tar");

        String digest = ContextTar.write(ENTRIES, target, ContextTarWriter.DEFAULT_MTIME);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        new ContextTarWriter(ContextTarWriter.DEFAULT_MTIME).write(ENTRIES, expected);
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(target));
        assertEquals("sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(target))), digest);
        assertEquals(List.of("context.tar"), fileNames(target.getParent()));
    }

    @Test
    void replacesAPreviousTar() throws Exception {
        Path target = Files.writeString(tmp.resolve("context.tar"), "an older context");

        ContextTar.write(ENTRIES, target, ContextTarWriter.DEFAULT_MTIME);

        assertEquals(List.of("Dockerfile", "setup/", "setup/scripts/", "setup/scripts/10-a.sh"),
                TarReadBack.of(target).names());
    }

    @Test
    void aFailedWriteLeavesThePreviousTarWholeAndNoTemporaryFile() throws Exception {
        Path target = Files.writeString(tmp.resolve("context.tar"), "the previous context");
        List<ContextEntry> broken = List.of(ENTRIES.get(0),
                ContextEntry.file("setup/scripts/20-gone.sh", tmp.resolve("20-gone.sh"), true));

        assertThrows(ContextException.class, () -> ContextTar.write(broken, target, ContextTarWriter.DEFAULT_MTIME));

        assertEquals("the previous context", Files.readString(target));
        assertEquals(List.of("context.tar"), fileNames(tmp));
    }

    private static List<String> fileNames(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
