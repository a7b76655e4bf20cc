package io.github.pgimage.maven;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin jar users get (shaded: every library inside) carries no HTTP client library: the plugin speaks to engines
 * with its own few lines of HTTP ({@code core.engine.EngineHttp}), because a client library's wire log prints what
 * it sends at debug level ({@code -X}), a container's password among it. Nor the libraries that came with the last
 * one (JNA, Bouncy Castle), nor jackson-databind. Runs after {@code package}, on the jar itself, so that a dependency
 * that brings one of them back transitively fails here. Needs no engine.
 */
class PluginJarIT {
    private static final List<String> ABSENT = List.of(
            "com/github/dockerjava/", "org/apache/hc/", "org/apache/http/", "okhttp3/", "com/sun/jna/",
            "org/bouncycastle/", "com/fasterxml/jackson/databind/");

    @Test
    void theShadedJarHasTheEnginesHttpOfItsOwnAndNoClientLibrary() throws IOException {
        Path jar = shadedJar();
        TreeSet<String> found = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            assertTrue(file.getEntry("io/github/pgimage/core/engine/EngineHttp.class") != null, jar + " is the plugin");
            assertTrue(file.getEntry("io/grpc/ManagedChannel.class") != null, jar + " is shaded (its libraries inside)");
            file.stream().map(entry -> entry.getName().replaceFirst("^META-INF/versions/\\d+/", ""))
                    .forEach(name -> ABSENT.stream().filter(name::startsWith).forEach(found::add));
        }
        assertEquals(List.of(), List.copyOf(found), "libraries in " + jar);
    }

    /** target/postgres-image-maven-plugin-VERSION.jar, which the shade plugin replaced with the merged jar. */
    private static Path shadedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("postgres-image-maven-plugin-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .toList();
            assertEquals(1, jars.size(), "one plugin jar in target/: " + jars);
            return jars.get(0);
        }
    }
}
