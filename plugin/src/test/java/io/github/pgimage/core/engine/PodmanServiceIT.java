package io.github.pgimage.core.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Podman service whose working directory was deleted while it ran (a clone that started it, removed since): conmon
 * starts in that directory and ends at once, and every container start fails with Podman's "write child: broken
 * pipe". The error names the cause and what to do. Runs in test-all.sh's Podman pass, on a second service of its own.
 */
class PodmanServiceIT {
    @TempDir
    Path dir;

    @Test
    void aContainerStartOnAServiceWhoseDirectoryWasDeletedSaysToRestartIt() throws Exception {
        try (EngineGateway located = EngineGateway.connect(EngineLocator.forThisProcess().locate(null))) {
            assumeTrue(located.version().isPodman(), "the engine is not Podman");
        }
        Path startedIn = Files.createDirectories(dir.resolve("a-clone-deleted-later"));
        Path socket = dir.resolve("podman.sock");
        Process service = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
                .directory(startedIn.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("service.log").toFile())
                .start();
        try {
            EngineEndpoint endpoint = new EngineEndpoint(URI.create("unix://" + socket), null, "a test", List.of());
            try (EngineGateway engine = connectWithin(endpoint, 30)) {
                Files.delete(startedIn);
                String id = engine.createContainer(new ContainerSpec("debian:bookworm-slim", List.of(), Map.of(),
                        List.of("true"), 5432, "127.0.0.1", 0, null, null));
                try {
                    EngineRequestException e = assertThrows(EngineRequestException.class, () -> engine.startContainer(id));
                    assertTrue(e.getMessage().contains("write child: broken pipe"), e.getMessage());
                    assertTrue(e.getMessage().contains("restart 'podman system service' from an existing directory"),
                            e.getMessage());
                } finally {
                    engine.removeContainer(id);
                }
            }
            assertTrue(Files.readString(dir.resolve("service.log")).contains("Failed to get working directory"),
                    "conmon said why it ended");
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    private static EngineGateway connectWithin(EngineEndpoint endpoint, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                return EngineGateway.connect(endpoint);
            } catch (EngineUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
