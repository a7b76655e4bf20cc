package io.github.pgimage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * grpc-java, Netty and protobuf (and the classes generated from the plugin's {@code .proto} files) are used by the
 * gRPC builder ({@code core/buildkit/grpc}) and the session's services ({@code core/session}) only: everything else
 * reaches them through plain types, so that a build on the engine's {@code POST /build} loads none of them unless it
 * opens a session, and the Maven layer sees typed progress events rather than wire messages.
 */
class GrpcStaysInItsPackagesTest {
    private static final Pattern WIRE_IMPORT = Pattern.compile(
            "^import\\s+(static\\s+)?(io\\.grpc\\.|io\\.netty\\.|com\\.google\\.protobuf\\.|io\\.github\\.pgimage\\.core\\.[a-z.]*\\.proto\\.)");
    private static final List<String> ALLOWED = List.of("io/github/pgimage/core/buildkit/grpc/",
            "io/github/pgimage/core/session/");

    @Test
    void noMainSourceOutsideTheGrpcBuilderAndTheSessionImportsGrpcNettyOrProtobuf() throws IOException {
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the plugin module: " + main.toAbsolutePath());
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(main)) {
            sources.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> ALLOWED.stream().noneMatch(allowed -> main.relativize(p).toString().startsWith(allowed)))
                    .filter(GrpcStaysInItsPackagesTest::importsWireTypes)
                    .forEach(p -> offenders.add(main.relativize(p).toString()));
        }
        assertEquals(List.of(), offenders);
    }

    private static boolean importsWireTypes(Path source) {
        try {
            return Files.readAllLines(source).stream().anyMatch(line -> WIRE_IMPORT.matcher(line).find());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
