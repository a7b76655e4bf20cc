package io.github.pgimage.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out/image.id");
        AtomicFiles.write(target, "sha256:old\n".getBytes());
        AtomicFiles.write(target, "sha256:new\n".getBytes());

        assertEquals("sha256:new\n", Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void outputsAreReadableByOthersLikeAnyBuildOutputNotPrivateLikeATemporaryFile() throws IOException {
        Path target = dir.resolve("Dockerfile");
        AtomicFiles.write(target, "FROM scratch\n".getBytes());

        // 0644 (a umask only takes bits away; the usual 022 or 002 keep these): owner writes, everyone reads
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }
}
