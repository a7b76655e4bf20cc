package io.github.pgimage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The engine's client libraries (docker-java and the HTTP client under it) are seen by the engine gateway only
 * ({@code core/engine}): everything else, main code and tests alike, talks to an engine through
 * {@link io.github.pgimage.core.engine.EngineGateway}, so that it can be tested against a fake and another kind of
 * engine or builder can be added behind it.
 */
class EngineLibrariesStayInTheGatewayTest {
    private static final List<String> ENGINE_LIBRARIES = List.of(
            "com.github.dockerjava.", "org.apache.hc.", "org.apache.http.");

    @Test
    void noSourceOutsideTheEnginePackageImportsAnEngineLibrary() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            Path dir = Path.of(root);
            assertTrue(Files.isDirectory(dir), "run from the plugin module: " + dir.toAbsolutePath());
            Path engine = dir.resolve("io/github/pgimage/core/engine");
            try (Stream<Path> sources = Files.walk(dir)) {
                sources.filter(p -> p.toString().endsWith(".java"))
                        .filter(p -> !p.startsWith(engine))
                        .filter(EngineLibrariesStayInTheGatewayTest::importsAnEngineLibrary)
                        .forEach(p -> offenders.add(p.toString()));
            }
        }
        assertEquals(List.of(), offenders);
    }

    private static boolean importsAnEngineLibrary(Path source) {
        try {
            return Files.readAllLines(source).stream()
                    .map(line -> line.replaceFirst("^import\\s+(static\\s+)?", "import "))
                    .anyMatch(line -> ENGINE_LIBRARIES.stream().anyMatch(lib -> line.startsWith("import " + lib)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
