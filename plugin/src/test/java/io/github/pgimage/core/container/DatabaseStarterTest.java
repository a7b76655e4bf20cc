package io.github.pgimage.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.pgimage.core.ImageNotFoundException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.engine.ContainerState;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.FakeEngine;

/** What start does when readiness fails, above the engine gateway, against a fake engine. */
class DatabaseStarterTest {
    private static final String IMAGE = "sha256:" + "0f".repeat(32);
    private static final BuildLabel LABEL = BuildLabel.of("org.acme", "db", Path.of("."));

    private final FakeEngine engine = new FakeEngine();
    private final List<String> log = new ArrayList<>();

    @Test
    void aContainerThatStopsBeforeAnsweringIsRemovedWithTheVolumeStartCreated() {
        engine.images.put(IMAGE, IMAGE);
        engine.containerStates.add(new ContainerState(true, -1, "running", 49153));
        engine.containerStates.add(new ContainerState(false, 1, "exited", 0));
        engine.containerLog = "initdb: error: invalid locale settings\n";
        DatabaseSpec spec = DatabaseSpec.builder(IMAGE).password("pw").volume("acme-data").build();

        DatabaseStartException e = assertThrows(DatabaseStartException.class, () -> starter().start(spec, LABEL));

        assertTrue(e.getMessage().startsWith("The container c10123456789 stopped (exited, exit code 1) before"
                + " PostgreSQL answered at jdbc:postgresql://127.0.0.1:49153/postgres"), e.getMessage());
        assertEquals("initdb: error: invalid locale settings\n", e.containerLog());
        String id = "c10123456789abcdef";
        assertEquals(List.of("createVolume acme-data", "createContainer " + id, "startContainer " + id,
                        "removeContainer " + id, "removeVolume acme-data"),
                engine.calls.stream().filter(call -> call.matches("(create|start|remove)\\w* .*")).toList());
        assertTrue(log.contains("Removed container c10123456789 after the failed start"), log.toString());
        assertTrue(log.contains("Removed volume acme-data after the failed start"), log.toString());
    }

    @Test
    void aTimeoutNamesTheSettingAndItsValueAndCleansUp() {
        engine.images.put(IMAGE, IMAGE);
        // running, but nothing listens at the port: the probe fails until the timeout passes
        engine.containerStates.add(new ContainerState(true, -1, "running", 1));
        DatabaseSpec spec = DatabaseSpec.builder(IMAGE).password("pw").startTimeout(Duration.ofSeconds(1)).build();

        DatabaseStartException e = assertThrows(DatabaseStartException.class, () -> starter().start(spec, LABEL));

        assertTrue(e.getMessage().contains("within 1 s; last error: "), e.getMessage());
        assertEquals(Setting.START_TIMEOUT, e.setting().orElseThrow());
        assertEquals("1", e.value().orElseThrow());
        assertEquals(1, engine.calls("removeContainer").size(), engine.calls.toString());
    }

    @Test
    void noPublishedPortIsAnEngineErrorAndTheContainerIsRemoved() {
        engine.images.put(IMAGE, IMAGE);
        engine.containerStates.add(new ContainerState(true, -1, "running", 0));
        DatabaseSpec spec = DatabaseSpec.builder(IMAGE).password("pw").build();

        EngineException e = assertThrows(EngineException.class, () -> starter().start(spec, LABEL));

        assertTrue(e.getMessage().startsWith("The engine published no host port for 5432/tcp"), e.getMessage());
        assertEquals(1, engine.calls("removeContainer").size(), engine.calls.toString());
        assertEquals(List.of(), engine.calls("removeVolume"), "a start without a volume removes none");
    }

    @Test
    void aMissingImageCreatesNothing() {
        DatabaseSpec spec = DatabaseSpec.builder("acme/db:1").password("pw").build();

        ImageNotFoundException e = assertThrows(ImageNotFoundException.class, () -> starter().start(spec, LABEL));

        assertEquals("acme/db:1", e.reference());
        assertEquals(List.of(), engine.calls("createContainer"));
    }

    @Test
    void aReplacementRemovesTheOldContainerKeepsTheVolumeAndSweepsNothingElse() {
        String newImage = "sha256:" + "1e".repeat(32);
        engine.images.put(newImage, newImage);
        engine.volumes.add("acme-data");
        engine.containerStates.add(new ContainerState(false, 3, "exited", 0));
        DatabaseSpec spec = DatabaseSpec.builder(newImage).password("pw").volume("acme-data").build();

        assertThrows(DatabaseStartException.class, () -> starter().replace("old0123456789", spec, LABEL, 0));

        String id = "c10123456789abcdef";
        assertEquals(List.of("stopContainer old0123456789", "removeContainer old0123456789", "createContainer " + id,
                        "startContainer " + id, "removeContainer " + id),
                engine.calls.stream().filter(call -> call.matches("(create|start|stop|remove)\\w* .*")).toList());
        assertTrue(engine.volumes.contains("acme-data"), "the data volume outlives both containers");
        assertEquals(List.of(), engine.calls("containersLabelled"), "a replacement sweeps nothing else of the label");
    }

    @Test
    void aDatabaseThatTakesLongIsWaitedForWithALineEveryReminderSayingWhy() {
        engine.images.put(IMAGE, IMAGE);
        engine.containerStates.add(new ContainerState(true, -1, "running", 1)); // nothing listens behind the port
        DatabaseSpec spec = DatabaseSpec.builder(IMAGE).password("pw").startTimeout(Duration.ofMillis(2500)).build();

        assertThrows(DatabaseStartException.class, () -> new DatabaseStarter(engine,
                new PublishedAddress("127.0.0.1", "127.0.0.1"), log::add, new JdbcProbe(Duration.ofMillis(200)),
                Duration.ofMillis(500)).start(spec, LABEL));

        List<String> waits = log.stream().filter(line -> line.startsWith("Still waiting for PostgreSQL")).toList();
        assertTrue(waits.size() >= 2, log.toString());
        assertTrue(waits.stream().allMatch(line -> line.matches("Still waiting for PostgreSQL at"
                + " jdbc:postgresql://127\\.0\\.0\\.1:1/postgres: \\d s of 2 s; last attempt: .+")), waits.toString());
    }

    private DatabaseStarter starter() {
        return new DatabaseStarter(engine, new PublishedAddress("127.0.0.1", "127.0.0.1"), log::add,
                new JdbcProbe(Duration.ofMillis(200)), Duration.ofSeconds(30));
    }
}
