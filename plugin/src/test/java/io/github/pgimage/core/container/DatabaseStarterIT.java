package io.github.pgimage.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.engine.ContainerSpec;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.TestEngine;
import io.github.pgimage.core.engine.EngineException;

/**
 * Failed starts and label-scoped removal against the engine this machine provides. The successful start with a
 * real PostgreSQL is covered by the invoker ITs src/it/start-stop-*, which build such an image first.
 */
class DatabaseStarterIT {
    private static final String BASE = "debian:bookworm-slim";
    private static EngineGateway engine;

    private final BuildLabel label = new BuildLabel("it.pgimage:starter-it@" + UUID.randomUUID());
    private final BuildLabel otherLabel = new BuildLabel("it.pgimage:starter-it@" + UUID.randomUUID());
    private final List<String> lines = new ArrayList<>();

    @BeforeAll
    static void connect() throws EngineException {
        engine = TestEngine.shared();
    }

    @AfterEach
    void removeWhatIsLeft() throws EngineException {
        new LabelledResources(engine).removeAll(label, line -> { });
        new LabelledResources(engine).removeAll(otherLabel, line -> { });
    }

    private static DatabaseSpec spec(List<String> command, String volume, Duration timeout) {
        return DatabaseSpec.builder(BASE)
                .username("app")
                .password("s3cret-" + UUID.randomUUID())
                .env(Map.of("IT_MARK", "x"))
                .command(command)
                .volume(volume)
                .startTimeout(timeout)
                .build();
    }

    private static ContainerSpec container(DatabaseSpec spec, PublishedAddress address, BuildLabel label) {
        return new ContainerSpec(spec.image(), spec.containerEnv(), label.asMap(), spec.command(), spec.containerPort(),
                address.bindIp(), spec.hostPort(), null, spec.dataDirectory());
    }

    private DatabaseStarter starter() {
        return new DatabaseStarter(engine, PublishedAddress.forEndpoint(engine.endpoint()), lines::add);
    }

    @Test
    void aContainerThatExitsFailsTheStartAtOnceWithItsLogAndIsRemoved() throws Exception {
        DatabaseSpec spec = spec(List.of("sh", "-c", "echo \"cannot start: boom $IT_MARK\" >&2; exit 3"), null,
                Duration.ofSeconds(60));
        long started = System.nanoTime();
        DatabaseStartException e = assertThrows(DatabaseStartException.class, () -> starter().start(spec, label));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(30).toNanos(), "an early exit does not wait for the timeout");
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertTrue(e.containerLog().contains("cannot start: boom x"), e.containerLog());
        assertEquals(List.of(), engine.containersLabelled(BuildLabel.KEY, label.value()));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("Removed container")), lines.toString());
    }

    @Test
    void aDatabaseThatNeverAnswersTimesOutAndItsContainerAndNewVolumeAreRemoved() throws Exception {
        String volume = "pgimage-it-" + UUID.randomUUID();
        // Runs, publishes the port, but nothing listens behind it: only a real query can tell.
        DatabaseSpec spec = spec(List.of("sh", "-c", "echo 'up, but no PostgreSQL'; trap 'exit 0' TERM INT; sleep 600 & wait"),
                volume, Duration.ofSeconds(3));
        DatabaseStartException e = assertThrows(DatabaseStartException.class, () -> starter().start(spec, label));
        assertTrue(e.getMessage().contains("within 3 s"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*jdbc:postgresql://127\\.0\\.0\\.1:[1-9]\\d*/app.*"), e.getMessage());
        assertTrue(e.getMessage().contains("last error"), e.getMessage());
        assertFalse(e.getMessage().contains(spec.password()), e.getMessage());
        assertTrue(e.containerLog().contains("up, but no PostgreSQL"), e.containerLog());
        assertEquals(List.of(), engine.containersLabelled(BuildLabel.KEY, label.value()));
        assertFalse(engine.volumeExists(volume), "the volume start created is gone");
    }

    @Test
    void anExistingVolumeIsUsedButNeverRemoved() throws Exception {
        String volume = "pgimage-it-" + UUID.randomUUID();
        engine.createVolume(volume, otherLabel.asMap());
        DatabaseSpec spec = spec(List.of("sh", "-c", "exit 1"), volume, Duration.ofSeconds(30));
        assertThrows(DatabaseStartException.class, () -> starter().start(spec, label));
        assertTrue(engine.volumeExists(volume));
    }

    @Test
    void aMissingImageFailsBeforeAnythingIsCreated() throws Exception {
        DatabaseSpec spec = DatabaseSpec.builder("pgimage-it/never-built:" + UUID.randomUUID()).password("pw").build();
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class, () -> starter().start(spec, label));
        assertEquals(spec.image(), e.reference());
        assertEquals(List.of(), engine.containersLabelled(BuildLabel.KEY, label.value()));
    }

    @Test
    void removeAllTakesExactlyTheLabelledContainersAndVolumes() throws Exception {
        DatabaseSpec sleeper = spec(List.of("sh", "-c", "trap 'exit 0' TERM INT; sleep 600 & wait"), null, Duration.ofSeconds(5));
        PublishedAddress address = PublishedAddress.forEndpoint(engine.endpoint());
        String running = engine.createContainer(container(sleeper, address, label));
        engine.startContainer(running);
        String created = engine.createContainer(container(sleeper, address, label));
        String foreign = engine.createContainer(container(sleeper, address, otherLabel));
        String ownVolume = "pgimage-it-" + UUID.randomUUID();
        String foreignVolume = "pgimage-it-" + UUID.randomUUID();
        engine.createVolume(ownVolume, label.asMap());
        engine.createVolume(foreignVolume, otherLabel.asMap());

        LabelledResources.Removed removed = new LabelledResources(engine).removeAll(label, lines::add);

        assertEquals(List.of(created, running).stream().sorted().toList(), removed.containers().stream().sorted().toList());
        assertEquals(List.of(ownVolume), removed.volumes());
        assertEquals(List.of(), engine.containersLabelled(BuildLabel.KEY, label.value()));
        assertFalse(engine.volumeExists(ownVolume));
        assertEquals(List.of(foreign), engine.containersLabelled(BuildLabel.KEY, otherLabel.value()));
        assertTrue(engine.volumeExists(foreignVolume));
        assertEquals(3, lines.size(), lines.toString());
    }

    @Test
    void oneExecutionClearsOnlyItsOwnAndTheModulesSweepTakesEveryExecution() throws Exception {
        DatabaseSpec sleeper = spec(List.of("sh", "-c", "trap 'exit 0' TERM INT; sleep 600 & wait"), null, Duration.ofSeconds(5));
        PublishedAddress address = PublishedAddress.forEndpoint(engine.endpoint());
        BuildLabel db1 = label.forExecution("db1");
        BuildLabel db2 = label.forExecution("db2");
        String first = engine.createContainer(container(sleeper, address, db1));
        engine.startContainer(first);
        String second = engine.createContainer(container(sleeper, address, db2));
        engine.startContainer(second);
        String firstVolume = "pgimage-it-" + UUID.randomUUID();
        engine.createVolume(firstVolume, db1.asMap());

        // db1's start clears db1's leftovers: db2's running database is not one of them
        LabelledResources.Removed cleared = new LabelledResources(engine).removeAll(db1, lines::add);
        assertEquals(List.of(first), cleared.containers());
        assertEquals(List.of(firstVolume), cleared.volumes());
        assertTrue(engine.inspectContainer(second, sleeper.containerPort()).running());
        assertTrue(lines.contains("Removed container " + LabelledResources.shortId(first) + " (" + BuildLabel.EXECUTION_KEY
                + "=" + label.value() + "#db1)"), lines.toString());

        // stop without an execution of its own: everything of the module, db2's too
        assertEquals(List.of(second), new LabelledResources(engine).removeAll(label, lines::add).containers());
    }

    @Test
    void aReplacementKeepsThePortAndMovesToAFreeOneWhenAnotherProcessTookIt() throws Exception {
        // no PostgreSQL answers in a sleeper, so each launch ends in a start timeout that names the published port
        DatabaseSpec sleeper = spec(List.of("sh", "-c", "trap 'exit 0' TERM INT; sleep 600 & wait"), null,
                Duration.ofSeconds(2));
        int kept;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            kept = probe.getLocalPort();
        }
        DatabaseStartException onKept = assertThrows(DatabaseStartException.class,
                () -> starter().replace(null, sleeper, label.forExecution("watch"), kept));
        assertTrue(onKept.getMessage().contains("127.0.0.1:" + kept + "/"), onKept.getMessage());

        try (java.net.ServerSocket taken = new java.net.ServerSocket(kept, 1, java.net.InetAddress.getLoopbackAddress())) {
            DatabaseStartException moved = assertThrows(DatabaseStartException.class,
                    () -> starter().replace(null, sleeper, label.forExecution("watch"), kept));
            assertFalse(moved.getMessage().contains("127.0.0.1:" + kept + "/"), moved.getMessage());
            assertTrue(moved.getMessage().matches("(?s).*jdbc:postgresql://127\\.0\\.0\\.1:[1-9]\\d*/app.*"),
                    moved.getMessage());
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("Port " + kept
                    + " was taken by another process meanwhile; PostgreSQL moves to a free port")), lines.toString());
        }
        assertEquals(List.of(), engine.containersLabelled(BuildLabel.KEY, label.value()), "each failed launch cleaned up");
    }
}
