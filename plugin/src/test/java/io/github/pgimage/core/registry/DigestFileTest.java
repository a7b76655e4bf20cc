package io.github.pgimage.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestFileTest {
    @TempDir
    Path dir;

    @Test
    void writesOneLineAndReplacesAnOlderDigest() throws Exception {
        String first = "sha256:" + "a".repeat(64);
        String second = "sha256:" + "b".repeat(64);
        DigestFile.write(dir.resolve("out"), first);
        Path file = DigestFile.write(dir.resolve("out"), second);

        assertEquals(dir.resolve("out/image.digest"), file);
        assertEquals(second + "\n", Files.readString(file));
        try (var listing = Files.list(dir.resolve("out"))) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }

    @Test
    void refusesSomethingThatIsNotAManifestDigest() {
        assertThrows(IllegalArgumentException.class, () -> DigestFile.write(dir, "latest"));
    }
}
