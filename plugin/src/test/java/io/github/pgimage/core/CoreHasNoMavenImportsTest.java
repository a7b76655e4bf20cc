package io.github.pgimage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The core library is usable without Maven (like Jib's core): the build plan, context, BuildKit client, session,
 * registry and container code import nothing from Maven; only the Mojos in io.github.pgimage.maven do.
 */
class CoreHasNoMavenImportsTest {

    @Test
    void noCoreSourceImportsMaven() throws IOException {
        Path core = Path.of("src/main/java/io/github/pgimage/core");
        assertTrue(Files.isDirectory(core), "run from the plugin module: " + core.toAbsolutePath());
        try (Stream<Path> sources = Files.walk(core)) {
            List<String> offenders = sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(CoreHasNoMavenImportsTest::importsMaven)
                    .map(Path::toString)
                    .toList();
            assertEquals(List.of(), offenders);
        }
    }

    private static boolean importsMaven(Path source) {
        try {
            return Files.readAllLines(source).stream()
                    .anyMatch(line -> line.startsWith("import org.apache.maven.") || line.startsWith("import static org.apache.maven."));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
