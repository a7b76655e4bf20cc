package io.github.pgimage.core.imagebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.TestEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.registry.RegistryLogins;
import io.github.pgimage.core.registry.SettingsServers;
import io.github.pgimage.core.registry.TestRegistry;
import io.github.pgimage.core.report.PushedByBuild;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The build's push option on BuildKit's gRPC API: BuildKit pushes to a registry that wants a login, served over the
 * session from the same logins the push goal uses, and the pushed digest is what the registry serves. On an engine
 * with the classic image store BuildKit cannot push as it exports: the build says so and leaves the push to the
 * engine. Fails (never skips) when no engine answers.
 */
class BuildKitPushIT {
    private static final String USER = "pgimage";

    private static EngineGateway engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws EngineException {
        engine = TestEngine.shared();
    }

    @Test
    void buildKitPushesWithTheSessionsLoginAndTheReportNamesTheRegistrysDigest() throws Exception {
        assumeTrue(engine.containerdImageStore(), "BuildKit pushes as it exports with the containerd image store only");
        String password = "pw-" + UUID.randomUUID();
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, password)) {
            List<ImageReference> refs = List.of(ImageReference.parse(registry.host() + "/pgimage-it/i13-push:1"),
                    ImageReference.parse(registry.host() + "/pgimage-it/i13-push:latest"));
            RegistryLogins logins = new RegistryLogins(List.of(new SettingsServers().add(registry.host(), USER, password)));
            List<String> lines = new ArrayList<>();

            ImageBuild.Outcome outcome = build(refs, logins, lines);

            assertNotNull(outcome.built().pushed(), lines.toString());
            String digest = outcome.built().pushed().digest();
            assertEquals(digest, registry.manifest("pgimage-it/i13-push", "1", USER, password).digest());
            assertEquals(digest, registry.manifest("pgimage-it/i13-push", "latest", USER, password).digest());
            assertTrue(lines.contains("Pushed " + refs.get(0) + ", " + refs.get(1) + " with digest " + digest
                    + " (by BuildKit)"), lines.toString());
            JsonNode report = new ObjectMapper().readTree(work.resolve("out/build-report.json").toFile());
            assertEquals(digest, report.at("/pushed/digest").asText());
            // the push goal then finds nothing left to push
            PushedByBuild recorded = PushedByBuild.read(work.resolve("out")).orElseThrow();
            assertTrue(recorded.covers(refs.stream().map(ImageReference::toString).toList(),
                    engine.imageId(refs.get(0).toString())));
        }
    }

    @Test
    void aRefusedLoginFailsTheBuildNamingTheRegistry() throws Exception {
        assumeTrue(engine.containerdImageStore(), "BuildKit pushes as it exports with the containerd image store only");
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, "right-" + UUID.randomUUID())) {
            List<ImageReference> refs = List.of(ImageReference.parse(registry.host() + "/pgimage-it/i13-refused:1"));
            RegistryLogins logins = new RegistryLogins(List.of(new SettingsServers().add(registry.host(), USER, "wrong")));

            BuildFailedException e = assertThrows(BuildFailedException.class,
                    () -> build(refs, logins, new ArrayList<>()));

            assertTrue(e.getMessage().contains(registry.host()), e.getMessage());
        }
    }

    @Test
    void theClassicStoreLeavesThePushToTheEngine() throws Exception {
        assumeTrue(!engine.containerdImageStore() && !engine.version().isPodman(), "the engine's classic image store");
        List<ImageReference> refs = List.of(ImageReference.parse("localhost:5999/pgimage-it/i13-classic:1"));
        List<String> lines = new ArrayList<>();

        ImageBuild.Outcome outcome = build(refs, new RegistryLogins(List.of()), lines);

        assertNull(outcome.built().pushed());
        assertTrue(lines.stream().anyMatch(l -> l.contains("pushed through the engine after the build")), lines.toString());
        assertEquals(Optional.empty(), PushedByBuild.read(work.resolve("out")));
    }

    private ImageBuild.Outcome build(List<ImageReference> refs, RegistryLogins logins, List<String> lines)
            throws Exception {
        ImagePlan plan = new ImagePlanner().plan(project(), ImageSettings.builder().runAsUser("root").aptCache(false).build());
        return ImageBuild.builder(work.resolve("out"), refs)
                .environment(Map.of())
                .builder(BuilderSetting.parse("grpc", null))
                .logins(logins)
                .push(true)
                .build()
                .run(plan, new LinesListener(lines));
    }

    private Path project() throws IOException {
        Path root = work.resolve("project");
        write(root, "setup/scripts/01-base.sh", "#!/bin/sh\nset -e\necho \"01: base " + UUID.randomUUID() + "\"\n");
        write(root, "entrypoint.d/scripts/10-check.sh", "#!/bin/sh\necho 10: check\n");
        return root;
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        file.toFile().setExecutable(true);
    }
}
