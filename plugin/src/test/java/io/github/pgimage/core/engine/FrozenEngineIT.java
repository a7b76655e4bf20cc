package io.github.pgimage.core.engine;

import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.BuildResult;
import io.github.pgimage.core.buildkit.ImageBuilder;
import io.github.pgimage.core.progress.ProgressEvent;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.maven.ProgressText;
import io.github.pgimage.core.buildkit.SampleProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real dockerd that stops answering: a private engine of this test's own (never the machine's), frozen with
 * {@code kill -STOP} as a hung daemon is. Before it answered, the plugin says every few seconds what it waits for and
 * gives up after its patience, naming the engine's address; in the middle of a build it keeps saying what the build
 * waits for, and goes on when the engine thaws. Needs root and dockerd, like the default engine does.
 */
class FrozenEngineIT {
    /** The private engine's bridge: no other engine here uses it or its subnet. */
    private static final String BRIDGE = "br-pgfrz";
    private static Path engineDir;
    private static long pid;

    @TempDir
    Path work;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CountDownLatch stepStarted = new CountDownLatch(1);
    private final CountDownLatch twoReminders = new CountDownLatch(2);

    @BeforeAll
    static void startPrivateEngine() throws Exception {
        engineDir = Files.createTempDirectory("pgimage-frozen-engine");
        EngineEndpoint machine = EngineLocator.forThisProcess().locate(null);
        EngineScripts.run("start-private-engine.sh", engineDir, engineDir.toString(), machine.host().getPath(), BRIDGE,
                "10.231.79.1/24");
        pid = Long.parseLong(Files.readString(engineDir.resolve("dockerd.pid")).strip());
    }

    @AfterAll
    static void stopPrivateEngine() throws Exception {
        if (engineDir != null) {
            EngineScripts.run("stop-private-engine.sh", engineDir, engineDir.toString(), BRIDGE);
        }
    }

    @AfterEach
    void thaw() throws Exception {
        signal("CONT");
    }

    @Test
    void aFrozenEngineIsRemindedOfAndGivenUpOnNamingItsAddress() throws Exception {
        signal("STOP");
        EngineEndpoint frozen = endpoint(new Patience(Duration.ofSeconds(4), Duration.ofSeconds(1), lines::add));

        long started = System.nanoTime();
        EngineTimeoutException e = assertThrows(EngineTimeoutException.class, () -> EngineGateway.connect(frozen));

        assertEquals("The engine at unix://" + engineDir.resolve("docker.sock") + " (from a frozen engine) accepted the"
                + " connection but sent no answer to GET /version within 4 s: it is frozen or overloaded, or what"
                + " listens there is no container engine", e.getMessage());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "gave up in time");
        assertTrue(lines.size() >= 2 && lines.stream().allMatch(line -> line.startsWith("Still waiting for the engine at unix://"
                + engineDir.resolve("docker.sock") + " to answer GET /version: nothing for ")), lines.toString());
    }

    @Test
    void aBuildWhoseEngineFreezesSaysWhatItWaitsForAndGoesOnWhenItThaws() throws Exception {
        SampleProject project = SampleProject.cold(work);
        project.write("setup/scripts/02-users.sh", "#!/bin/sh\necho '02: started'\nsleep 2\necho '02: done'\n");
        try (EngineGateway engine = EngineGateway.connect(endpoint(Patience.DEFAULT))) {
            CompletableFuture<BuildResult> build = CompletableFuture.supplyAsync(() ->
                    new ImageBuilder(engine, new Lines(), Duration.ofSeconds(2)).build(
                            BuildRequest.builder(project.context()).tag("pgimage-it/frozen:latest").build()));
            assertTrue(stepStarted.await(120, TimeUnit.SECONDS), "step 02 never started: " + lines);
            signal("STOP");
            assertTrue(twoReminders.await(30, TimeUnit.SECONDS), "no line while the engine was frozen: " + lines);
            signal("CONT");

            BuildResult result = build.get(120, TimeUnit.SECONDS);

            assertEquals(Optional.of(result.imageId()), engine.imageId("pgimage-it/frozen:latest"));
            assertTrue(lines.stream().filter(line -> line.startsWith("Still waiting"))
                    .allMatch(line -> line.startsWith("Still waiting: the engine has sent nothing about the build for ")
                            && line.contains("; waiting for ")), lines.toString());
        }
    }

    private EngineEndpoint endpoint(Patience patience) {
        return new EngineEndpoint(URI.create("unix://" + engineDir.resolve("docker.sock")), null, "a frozen engine",
                List.of(), patience);
    }

    /** The build's lines, kept for the asserts and echoed for a failing run's report. */
    private final class Lines implements ProgressListener {
        @Override
        public void on(ProgressEvent event) {
            if (ProgressText.level(event) == ProgressEvent.Level.DEBUG) {
                return;
            }
            String line = ProgressText.of(event);
            System.out.println("[build] " + line);
            lines.add(line);
            if (line.contains("02-users.sh")) {
                stepStarted.countDown();
            }
            if (line.startsWith("Still waiting")) {
                twoReminders.countDown();
            }
        }
    }

    private static void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name + " " + pid);
    }
}
