package io.github.pgimage.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What users' Maven loads with the plugin (the libraries its POM declares, which the SBOM inside the jar lists) holds
 * no HTTP client library: the plugin speaks to engines with its own few lines of HTTP ({@code core.engine.EngineHttp}),
 * because a client library's wire log prints what it sends at debug level ({@code -X}), a container's password among
 * it. Nor the libraries that came with the last one (docker-java, JNA, Bouncy Castle), nor jackson-databind. Runs
 * after {@code package}, on the jar itself, so that a dependency that brings one back transitively fails here.
 */
class PluginJarIT {
    private static final List<String> ABSENT = List.of("com.github.docker-java", "org.apache.httpcomponents",
            "com.squareup.okhttp3", "net.java.dev.jna", "org.bouncycastle", "com.fasterxml.jackson.core:jackson-databind");

    @Test
    void thePluginsLibrariesHaveNoHttpClientLibrary() throws IOException {
        Path jar = pluginJar();
        TreeSet<String> found = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry sbom = file.getJarEntry("META-INF/sbom/postgres-image-maven-plugin.cdx.json");
            assertNotNull(sbom, jar + " carries its SBOM");
            JsonNode components = new ObjectMapper().readTree(file.getInputStream(sbom)).path("components");
            assertFalse(components.isEmpty(), "the SBOM lists the plugin's libraries");
            for (JsonNode component : components) {
                String coordinates = component.path("group").asText() + ":" + component.path("name").asText();
                ABSENT.stream().filter(coordinates::startsWith).forEach(absent -> found.add(coordinates));
            }
        }
        assertEquals(List.of(), List.copyOf(found), "libraries of " + jar);
    }

    /** target/postgres-image-maven-plugin-VERSION.jar. */
    private static Path pluginJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("postgres-image-maven-plugin-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests|cyclonedx)\\.jar"))
                    .toList();
            assertEquals(1, jars.size(), "one plugin jar in target/: " + jars);
            return jars.get(0);
        }
    }
}
