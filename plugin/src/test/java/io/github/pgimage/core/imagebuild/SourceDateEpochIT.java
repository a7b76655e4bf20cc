package io.github.pgimage.core.imagebuild;

import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code SOURCE_DATE_EPOCH} reaches BuildKit as the build argument its Dockerfile frontend reads: the image's
 * creation time (and its history's) is the epoch, not the build's time. Engine C's BuildKit (Engine 20.10's v0.8
 * predates the argument); run on the containerd image store.
 */
class SourceDateEpochIT {
    private static final String EPOCH = "1700000000"; // 2023-11-14T22:13:20Z

    private static EngineGateway engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws EngineException {
        engine = EngineGateway.connect(EngineLocator.forThisProcess().locate(null));
        assumeTrue(engine.containerdImageStore(), "engine C with the containerd image store");
    }

    @AfterAll
    static void disconnect() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theImageIsCreatedAtTheEpoch() throws Exception {
        Path project = work.resolve("project");
        write(project, "setup/scripts/01-base.sh", "#!/bin/sh\nset -e\necho '" + UUID.randomUUID() + "' > /opt/data\n");
        write(project, "entrypoint.d/scripts/10-hello.sh", "#!/bin/sh\necho hello\n");
        String tag = "pgimage-it/s14-epoch:1";
        try {
            ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse(tag)))
                    .environment(Map.of("SOURCE_DATE_EPOCH", EPOCH))
                    .builder(BuilderSetting.parse("grpc", null))
                    .build()
                    .run(new ImagePlanner().plan(project, ImageSettings.builder().runAsUser("root").aptCache(false).build()),
                            new LinesListener(new ArrayList<>()));

            assertEquals("2023-11-14T22:13:20Z", docker("image", "inspect", "--format", "{{.Created}}", tag).strip());
            assertTrue(docker("history", "--no-trunc", "--format", "{{.CreatedAt}}", tag).lines()
                    .limit(3).allMatch(line -> line.startsWith("2023-11-14")), "the steps' history entries too");
        } finally {
            engine.removeImage(tag);
        }
    }

    /** The engine's own CLI, for what a user would look at. */
    private static String docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DOCKER_HOST", engine.endpoint().host().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " did not finish");
        assertEquals(0, process.exitValue(), command + ": " + output);
        return output;
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        file.toFile().setExecutable(true);
    }
}
