package io.github.pgimage.core.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The docker-java side of the client against the engine this machine provides. */
class EngineClientIT {
    private static EngineClient engine;

    @BeforeAll
    static void connect() throws EngineException {
        engine = EngineClient.connect(EngineLocator.forThisProcess().locate(null));
    }

    @AfterAll
    static void disconnect() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void reportsTheEnginesVersion() {
        assertTrue(engine.version().version().matches("\\d+\\.\\d+\\.\\d+.*"), engine.version().toString());
        assertTrue(engine.version().apiVersion().matches("1\\.\\d+"), engine.version().toString());
        assertEquals("/v" + engine.version().apiVersion() + "/build", engine.apiPath("/build"));
    }

    @Test
    void findsImagesAndTagsThem() throws EngineException {
        String base = engine.imageId("debian:bookworm-slim").orElseThrow();
        assertTrue(base.matches("sha256:[0-9a-f]{64}"), base);
        assertEquals(Optional.empty(), engine.imageId("pgimage-it/never-built:" + UUID.randomUUID()));

        engine.tag(base, "pgimage-it/base-alias:latest");

        assertEquals(Optional.of(base), engine.imageId("pgimage-it/base-alias:latest"));
        assertEquals(Optional.of(base), engine.imageId("pgimage-it/base-alias"));
    }
}
