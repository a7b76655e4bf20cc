package io.github.pgimage.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.pgimage.core.image.ImageReference;

/** The Docker-API gateway against the engine this machine provides. */
class EngineGatewayIT {
    private static EngineGateway engine;

    @BeforeAll
    static void connect() throws EngineException {
        engine = TestEngine.shared();
    }

    @Test
    void reportsTheEnginesVersion() {
        assertTrue(engine.version().version().matches("\\d+\\.\\d+\\.\\d+.*"), engine.version().toString());
        assertTrue(engine.version().apiVersion().matches("1\\.\\d+"), engine.version().toString());
        assertEquals("/v" + engine.version().apiVersion() + "/build", ((DockerApiGateway) engine).apiPath("/build"));
    }

    @Test
    void findsImagesAndTagsThem() throws EngineException {
        String base = engine.imageId("debian:bookworm-slim").orElseThrow();
        assertTrue(base.matches("sha256:[0-9a-f]{64}"), base);
        assertEquals(Optional.empty(), engine.imageId("pgimage-it/never-built:" + UUID.randomUUID()));

        engine.tag(base, ImageReference.parse("pgimage-it/base-alias:latest"));
        try {
            assertEquals(Optional.of(base), engine.imageId("pgimage-it/base-alias:latest"));
            assertEquals(Optional.of(base), engine.imageId("pgimage-it/base-alias"));
        } finally {
            engine.removeImage("pgimage-it/base-alias:latest");
        }
        assertEquals(Optional.empty(), engine.imageId("pgimage-it/base-alias:latest"), "only the tag went");
        assertEquals(Optional.of(base), engine.imageId("debian:bookworm-slim"));
    }

    /** The base image, as every engine here has it: imported from a debootstrap rootfs, one big entry. */
    @Test
    void readsAnImagesHistoryOldestFirst() throws EngineException {
        ImageHistory history = engine.imageHistory("debian:bookworm-slim");

        assertTrue(!history.entries().isEmpty(), "the base image has a history");
        assertTrue(history.entries().get(0).sizeBytes() > 50_000_000,
                "the oldest entry is the imported root file system: " + history);
        assertEquals("linux/amd64", history.platform(), "the machines here are amd64");
        assertEquals(history, engine.imageHistory(engine.imageId("debian:bookworm-slim").orElseThrow()),
                "by id as by name");
        assertEquals(ImageHistory.NONE, engine.imageHistory("pgimage-it/never-built:" + UUID.randomUUID()));
    }

    /** debian:bookworm-slim sets none (its CMD is bash); an image the engine does not have has none either. */
    @Test
    void readsAnImagesEntrypoint() throws EngineException {
        assertEquals(List.of(), engine.imageEntrypoint("debian:bookworm-slim"));
        assertEquals(List.of(), engine.imageEntrypoint("pgimage-it/never-built:" + UUID.randomUUID()));
    }

    @Test
    void aContainersOutputComesBackWholeAndFollowedAndItsExitIsSeen() throws Exception {
        String label = "pgimage-it-gateway-" + UUID.randomUUID();
        // stdout and stderr, a line longer than one frame (Docker splits it; a stderr line may come between its parts)
        String script = "echo first; echo second >&2; head -c 70000 /dev/zero | tr '\\0' x; echo; sleep 1;"
                + " echo after-a-pause; sleep 1; echo last; exit 7";
        String id = engine.createContainer(new ContainerSpec("debian:bookworm-slim", List.of("IT_MARK=x"),
                Map.of("pgimage.it", label), List.of("sh", "-c", script), 5432, "127.0.0.1", 0, null, "/data"));
        try {
            List<String> followed = new CopyOnWriteArrayList<>();
            engine.startContainer(id);
            try (AutoCloseable following = engine.followContainerLog(id, followed::add)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!followed.contains("after-a-pause") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                while (engine.inspectContainer(id, 5432).running() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
            // Whole lines as they come; the two streams' order is the engine's (each pipe is read on its own).
            // The last line is not awaited here: an engine may end a followed log before its last bytes.
            List<String> shown = followed.stream()
                    .map(line -> line.length() > 100 && line.chars().allMatch(c -> c == 'x') ? line.length() + " x" : line)
                    .toList();
            assertEquals(List.of("first", "second"), shown.subList(0, 2).stream().sorted().toList(), shown.toString());
            assertEquals(List.of("70000 x", "after-a-pause"), shown.subList(2, 4), shown.toString());

            ContainerState state = engine.inspectContainer(id, 5432);
            assertEquals(false, state.running());
            assertEquals(7, state.exitCode());
            assertTrue(Set.of("exited", "stopped").contains(state.status()), state.status()); // Docker's word, Podman's
            assertEquals("after-a-pause\nlast\n", engine.containerLog(id, 2));
            assertEquals(List.of(id), engine.containersLabelled("pgimage.it", label));
        } finally {
            engine.removeContainer(id);
        }
        assertEquals(List.of(), engine.containersLabelled("pgimage.it", label));
        engine.removeContainer(id); // gone already: fine
        engine.stopContainer(id, java.time.Duration.ofSeconds(1)); // likewise
    }

    @Test
    void anUpgradeTheEngineRefusesNamesTheStatusAndTheEnginesWords() {
        EngineRequestException e = assertThrows(EngineRequestException.class,
                () -> engine.upgrade("/pgimage-no-such-endpoint", "h2c", Map.of()));
        assertEquals(404, e.status(), e.getMessage());
        assertTrue(e.getMessage().startsWith("The engine refused to upgrade POST /pgimage-no-such-endpoint to h2c"),
                e.getMessage());
    }

    @Test
    void aBuildTheEngineRefusesBeforeStreamingIsARequestExceptionWithTheEnginesWords() {
        EngineRequestException e = assertThrows(EngineRequestException.class,
                () -> engine.build("version=7", InputStream.nullInputStream()));
        // Engine 20.10 answers 500, Engine 28.5 the 400 of an invalid parameter
        assertTrue(e.status() == 500 || e.status() == 400, e.getMessage());
        assertEquals("invalid version \"7\"", e.engineMessage());
        assertEquals("The engine refused the build (HTTP " + e.status() + "): invalid version \"7\"", e.getMessage());
    }
}
