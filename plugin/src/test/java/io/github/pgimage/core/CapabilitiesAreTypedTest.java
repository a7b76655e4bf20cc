package io.github.pgimage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What a builder can do is a typed feature set ({@code Feature}), its API and image store enums: no main source
 * decides by comparing their names as strings (as {@code imageStore().equals("containerd")} once did in ten places).
 * Reading them off the wire (a worker's id or labels in ListWorkers) is where they are made, not compared.
 */
class CapabilitiesAreTypedTest {
    /** A builder's or store's name compared as text, or an accessor of the builder's identity compared as text. */
    private static final Pattern STRING_CAPABILITY = Pattern.compile(
            "(\\.equals(IgnoreCase)?\\(\\s*\"(grpc|build-api|containerd|engine|buildkit|podman)\"\\s*\\))"
                    + "|((api|imageStore|via|buildkit)\\(\\)\\s*\\.\\s*(equals|startsWith|contains|equalsIgnoreCase)\\()"
                    + "|(\"(grpc|build-api|containerd|engine)\"\\s*\\.\\s*equals\\()");

    @Test
    void noMainSourceComparesACapabilityAsAString() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(main)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = STRING_CAPABILITY.matcher(lines.get(i));
                    if (m.find()) {
                        offenders.add(main.relativize(source) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
