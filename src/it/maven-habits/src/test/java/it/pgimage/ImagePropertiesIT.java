package it.pgimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The image the build goal made, as failsafe hands it over: verify.groovy compares what it saw with the engine. */
class ImagePropertiesIT {

    @Test
    void buildHandsTheImageToTheTests() throws Exception {
        String ref = System.getProperty("image.ref");
        String id = System.getProperty("image.id");
        String digest = System.getProperty("image.digest");
        assertTrue(ref.endsWith("/pgimage-it/maven-habits:1.0"), ref);
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
        assertEquals(ref, System.getProperty("image.executionRef"), "the same under the execution's id");
        Files.writeString(Path.of("target", "seen-properties.txt"), ref + "\n" + id + "\n" + digest + "\n");
    }
}
