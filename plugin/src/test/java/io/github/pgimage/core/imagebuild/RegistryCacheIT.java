package io.github.pgimage.core.imagebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.TestEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.registry.TestRegistry;
import io.github.pgimage.core.session.RegistryCredentials;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two CI runners that share nothing but a registry (with a login): runner 1 (the engine this machine provides, with
 * the containerd image store) builds a project with a builder stage and exports a {@code mode=max} registry cache;
 * runner 2, a second engine started with an empty data root, builds the project with one runtime script edited and
 * takes every setup and builder step from that cache. On an engine with the classic image store the export is
 * refused before anything is built.
 */
class RegistryCacheIT {
    private static final String USER = "ci";
    private static final String PASSWORD = "cache-s3cret";

    private static EngineGateway engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws EngineException {
        engine = TestEngine.shared();
    }

    @Test
    void aFreshRunnerTakesEverySetupAndBuilderStepFromAModeMaxRegistryCache() throws Exception {
        assumeTrue(engine.containerdImageStore(), "registry cache exports need the containerd image store");
        Path project = TwoRunners.project(work);
        Path runner2 = Files.createTempDirectory(Path.of("/tmp"), "pgimage-runner2-");
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, PASSWORD)) {
            RegistryCredentials logins = registry.logins(USER, PASSWORD);
            String cache = registry.host() + "/pgimage-it/two-runner:cache";
            long started = System.nanoTime();
            List<String> log1 = new ArrayList<>();
            ImageBuild.Outcome first = ImageBuild.builder(work.resolve("out1"), List.of(ImageReference.parse("pgimage-it/s14-runner:1")))
                    .environment(Map.of())
                    .builder(BuilderSetting.parse("grpc", null))
                    .logins(logins)
                    .cacheTo(List.of(CacheSpec.parseExport("type=registry,ref=" + cache + ",mode=max")))
                    .build()
                    .run(TwoRunners.plan(project), new LinesListener(log1));
            assertTrue(first.result().steps().stream().noneMatch(Step::cached), first.result().steps().toString());
            assertEquals(List.of("type=registry,ref=" + cache + ",mode=max"), first.built().cache().exported());
            // the export went through the session's login: the registry refuses anyone else
            JsonNode cacheManifest = new ObjectMapper().readTree(registry.manifest("pgimage-it/two-runner", "cache",
                    USER, PASSWORD).json());
            assertTrue(cacheManifest.path("manifests").size() + cacheManifest.path("layers").size() > 0, cacheManifest.toString());

            Files.writeString(project.resolve("entrypoint.d/scripts/10-hello.sh"), "#!/bin/sh\necho 'hello, edited'\n");
            System.out.printf("runner 1 built and exported in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            started = System.nanoTime();
            TwoRunners.script("start-runner-engine.sh", runner2.toString(), engine.endpoint().host().getPath());
            System.out.printf("runner 2 started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            started = System.nanoTime();
            List<String> log2 = new ArrayList<>();
            ImageBuild.Outcome fresh = ImageBuild.builder(work.resolve("out2"), List.of(ImageReference.parse("pgimage-it/s14-runner:2")))
                    .environment(Map.of())
                    .dockerHost("unix://" + runner2.resolve("docker.sock"))
                    .builder(BuilderSetting.parse("grpc", null))
                    .logins(logins)
                    .cacheImports(List.of(CacheSpec.parseImport("type=registry,ref=" + cache)))
                    .build()
                    .run(TwoRunners.plan(project), new LinesListener(log2));

            System.out.printf("runner 2 built from the registry's cache in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            List<Step> steps = fresh.result().steps();
            List<Step> setupAndBuilder = steps.stream().filter(s -> !s.stage().equals("runtime")).toList();
            // two setup scripts; the builder stage's output folder and its script
            assertEquals(List.of("setup", "setup", "build", "build"), setupAndBuilder.stream().map(Step::stage).toList(),
                    steps.toString());
            assertTrue(setupAndBuilder.stream().allMatch(Step::cached), "every setup and builder step from the registry: " + steps);
            assertTrue(steps.stream().anyMatch(s -> s.name().contains("COPY --from=build") && s.cached()), steps.toString());
            Step edited = steps.stream().filter(s -> s.name().contains("COPY entrypoint.d/scripts/")).findFirst().orElseThrow();
            assertFalse(edited.cached(), steps.toString());
            JsonNode report = new ObjectMapper().readTree(work.resolve("out2/build-report.json").toFile());
            assertEquals("type=registry,ref=" + cache, report.at("/cache/imported/0").asText(), report.toString());
            assertEquals(0, report.at("/cache/exported").size(), report.toString());
            assertTrue(report.at("/stepsCached").asInt() >= 5, report.toString());
        } finally {
            TwoRunners.script("stop-runner-engine.sh", runner2.toString());
            Files.deleteIfExists(runner2.resolve("dockerd.log"));
            engine.removeImage("pgimage-it/s14-runner:1");
        }
    }

    @Test
    void aClassicImageStoreRefusesARegistryCacheExportBeforeTheBuild() throws Exception {
        assumeFalse(engine.containerdImageStore(), "the containerd image store exports cache");
        assumeFalse(engine.version().isPodman(), "Podman has a refusal of its own");
        String tag = "pgimage-it/s14-refused:1";
        List<String> lines = new ArrayList<>();

        EngineException e = assertThrows(EngineException.class, () -> ImageBuild.builder(work.resolve("out"),
                        List.of(ImageReference.parse(tag)))
                .environment(Map.of())
                .cacheTo(List.of(CacheSpec.parseExport("type=registry,ref=localhost:5999/pg:cache,mode=max")))
                .build()
                .run(TwoRunners.plan(TwoRunners.project(work)), new LinesListener(lines)));

        assertEquals(Optional.of(Setting.CACHE_TO), e.setting());
        assertTrue(e.getMessage().contains("keeps images in its classic image store"), e.getMessage());
        assertTrue(e.getMessage().contains("containerd image store"), e.getMessage());
        assertTrue(e.getMessage().contains("use inline cache"), e.getMessage());
        assertFalse(lines.stream().anyMatch(line -> line.contains("RUN")), "nothing was built: " + lines);
        assertEquals(Optional.empty(), engine.imageId(tag));
    }
}
