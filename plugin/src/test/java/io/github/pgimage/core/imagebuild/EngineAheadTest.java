package io.github.pgimage.core.imagebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.engine.EngineUnavailableException;
import io.github.pgimage.core.engine.FakeEngine;

/** The engine's connection opened while the goal plans: taken once by the build, closed if nobody takes it. */
class EngineAheadTest {
    @TempDir
    Path home;

    private final FakeEngine engine = new FakeEngine();
    private final LinesListener log = new LinesListener();

    private EngineLocator locator() {
        return new EngineLocator(Map.of("DOCKER_HOST", FakeEngine.ENDPOINT.host().toString()), home);
    }

    @Test
    void theBuildsFirstConnectTakesTheConnectionOpenedAheadAndNamesTheEngineThen() throws Exception {
        AtomicReference<String> connectedOn = new AtomicReference<>();
        EngineConnection otherwise = (listener, role) -> {
            listener.info("connected again" + role);
            return new FakeEngine();
        };
        try (EngineAhead ahead = new EngineAhead(null, locator(), endpoint -> {
            connectedOn.set(Thread.currentThread().getName());
            return engine;
        })) {
            EngineConnection connection = ahead.before(otherwise);

            assertSame(engine, connection.open(log, ""));
            assertEquals("pgimage-engine-ahead", connectedOn.get(), "opened on a thread of its own");
            assertEquals(List.of("Engine unix:///fake/docker.sock from DOCKER_HOST"), log.lines());

            EngineGateway second = connection.open(log, " (tags the image)");
            assertTrue(second != engine && log.lines().contains("connected again (tags the image)"),
                    "any later connection is a new one: " + log.lines());
        }
        assertEquals(List.of(), engine.calls("close"), "the taken connection is the build's to close");
    }

    @Test
    void aConnectionNoBuildTookIsClosedWhenItOpens() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        EngineAhead ahead = new EngineAhead(null, locator(), endpoint -> {
            await(opening);
            return engine;
        });

        ahead.close(); // planning failed before the build asked for the engine
        opening.countDown();

        for (int i = 0; i < 100 && engine.calls("close").isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertEquals(List.of("close"), engine.calls("close"));
        assertEquals(List.of(), log.lines(), "nothing was said of an engine no build used");
    }

    @Test
    void anEngineThatCannotBeReachedFailsTheBuildAtItsConnectWithTheSameError() {
        EngineUnavailableException unreachable = new EngineUnavailableException(
                "No engine answers at unix:///fake/docker.sock", List.of("DOCKER_HOST"), null);
        try (EngineAhead ahead = new EngineAhead(null, locator(), endpoint -> {
            throw unreachable;
        })) {
            EngineUnavailableException e = assertThrows(EngineUnavailableException.class,
                    () -> ahead.before((listener, role) -> engine).open(log, ""));

            assertSame(unreachable, e);
            assertEquals(List.of("Engine unix:///fake/docker.sock from DOCKER_HOST"), log.lines(),
                    "the engine that was found is named, as before a connect that fails");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
