package io.github.pgimage.core.imagebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.TestEngine;
import io.github.pgimage.core.image.ImageReference;
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
 * A local cache folder carried from one CI runner to the next (as a CI cache action carries it): runner 1 (the
 * engine this machine provides, with the containerd image store) exports a {@code mode=max} cache into a folder
 * through the session's content store; runner 2, a second engine with an empty data root, imports that folder and
 * takes every setup and builder step from it, with one runtime script edited. On the classic image store the
 * export is refused before the build.
 */
class LocalCacheIT {
    private static EngineGateway engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws EngineException {
        engine = TestEngine.shared();
    }

    @Test
    void aFreshRunnerTakesEverySetupAndBuilderStepFromALocalCacheFolder() throws Exception {
        assumeTrue(engine.containerdImageStore(), "cache exports need the containerd image store");
        Path project = TwoRunners.project(work);
        Path cache = work.resolve("ci-cache/pg");
        Path runner2 = Files.createTempDirectory(Path.of("/tmp"), "pgimage-runner2-");
        try {
            long started = System.nanoTime();
            ImageBuild.Outcome first = ImageBuild.builder(work.resolve("out1"), List.of(ImageReference.parse("pgimage-it/s14-local:1")))
                    .environment(Map.of())
                    .builder(BuilderSetting.parse("grpc", null))
                    .cacheTo(List.of(CacheSpec.parseExport("type=local,dest=" + cache + ",mode=max")))
                    .build()
                    .run(TwoRunners.plan(project), new LinesListener(new ArrayList<>()));
            System.out.printf("runner 1 built and exported in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertTrue(first.result().steps().stream().noneMatch(Step::cached), first.result().steps().toString());

            // an OCI layout whose index names the cache manifest, as buildx leaves it; no unfinished writes left
            JsonNode index = new ObjectMapper().readTree(cache.resolve("index.json").toFile());
            JsonNode manifest = index.at("/manifests/0");
            assertEquals("latest", manifest.at("/annotations/org.opencontainers.image.ref.name").asText(), index.toString());
            String digest = manifest.path("digest").asText();
            Path manifestBlob = cache.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
            assertEquals(manifest.path("size").asLong(), Files.size(manifestBlob));
            JsonNode cacheManifest = new ObjectMapper().readTree(manifestBlob.toFile());
            assertTrue(cacheManifest.path("layers").size() >= 4, cacheManifest.toString()); // every stage's layers
            assertTrue(Files.exists(cache.resolve("oci-layout")));
            assertFalse(Files.exists(cache.resolve("ingest")), "unfinished writes left behind");
            assertEquals(List.of("type=local,dest=" + cache + ",mode=max,digest=" + digest), first.built().cache().exported());

            Files.writeString(project.resolve("entrypoint.d/scripts/10-hello.sh"), "#!/bin/sh\necho 'hello, edited'\n");
            started = System.nanoTime();
            TwoRunners.script("start-runner-engine.sh", runner2.toString(), engine.endpoint().host().getPath());
            System.out.printf("runner 2 started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            started = System.nanoTime();
            ImageBuild.Outcome fresh = ImageBuild.builder(work.resolve("out2"), List.of(ImageReference.parse("pgimage-it/s14-local:2")))
                    .environment(Map.of())
                    .dockerHost("unix://" + runner2.resolve("docker.sock"))
                    .builder(BuilderSetting.parse("grpc", null))
                    .cacheImports(List.of(CacheSpec.parseImport("type=local,src=" + cache)))
                    .build()
                    .run(TwoRunners.plan(project), new LinesListener(new ArrayList<>()));
            System.out.printf("runner 2 built from the cache folder in %d ms%n", (System.nanoTime() - started) / 1_000_000);

            List<Step> steps = fresh.result().steps();
            List<Step> setupAndBuilder = steps.stream().filter(s -> !s.stage().equals("runtime")).toList();
            assertEquals(List.of("setup", "setup", "build", "build"), setupAndBuilder.stream().map(Step::stage).toList(),
                    steps.toString());
            assertTrue(setupAndBuilder.stream().allMatch(Step::cached), "every setup and builder step from the folder: " + steps);
            Step edited = steps.stream().filter(s -> s.name().contains("COPY entrypoint.d/scripts/")).findFirst().orElseThrow();
            assertFalse(edited.cached(), steps.toString());
            JsonNode report = new ObjectMapper().readTree(work.resolve("out2/build-report.json").toFile());
            assertEquals("type=local,src=" + cache + ",digest=" + digest, report.at("/cache/imported/0").asText(),
                    report.toString());
        } finally {
            long stopping = System.nanoTime();
            TwoRunners.script("stop-runner-engine.sh", runner2.toString());
            System.out.printf("runner 2 stopped in %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
            Files.deleteIfExists(runner2.resolve("dockerd.log"));
            engine.removeImage("pgimage-it/s14-local:1");
        }
    }

    @Test
    void aClassicImageStoreRefusesALocalCacheExportBeforeTheBuild() throws Exception {
        assumeFalse(engine.containerdImageStore(), "the containerd image store exports cache");
        assumeFalse(engine.version().isPodman(), "Podman has a refusal of its own");
        List<String> lines = new ArrayList<>();
        Path cache = work.resolve("cache");

        EngineException e = assertThrows(EngineException.class, () -> ImageBuild.builder(work.resolve("out"),
                        List.of(ImageReference.parse("pgimage-it/s14-local-refused:1")))
                .environment(Map.of())
                .cacheTo(List.of(CacheSpec.parseExport("type=local,dest=" + cache)))
                .build()
                .run(TwoRunners.plan(TwoRunners.project(work)), new LinesListener(lines)));

        assertEquals(Optional.of(Setting.CACHE_TO), e.setting());
        assertTrue(e.getMessage().contains("classic image store"), e.getMessage());
        assertFalse(lines.stream().anyMatch(line -> line.contains("RUN")), "nothing was built: " + lines);
        assertFalse(Files.exists(cache), "no folder made for a refused export");
    }

    @Test
    void theEnginesBuildEndpointRefusesALocalCacheBeforeTheBuild() throws Exception {
        assumeFalse(engine.version().isPodman(), "Podman has a refusal of its own");
        Path cache = work.resolve("cache");
        String spec = "type=local,src=" + cache;

        EngineException e = assertThrows(EngineException.class, () -> ImageBuild.builder(work.resolve("out"),
                        List.of(ImageReference.parse("pgimage-it/s14-local-refused:1")))
                .environment(Map.of())
                .builder(BuilderSetting.parse("build-api", null))
                .cacheImports(List.of(CacheSpec.parseImport(spec)))
                .build()
                .run(TwoRunners.plan(TwoRunners.project(work)), new LinesListener(new ArrayList<>())));

        assertEquals(Optional.of(Setting.CACHE_FROM), e.setting());
        assertEquals(Optional.of(spec), e.value());
        assertTrue(e.getMessage().contains("BuildKit gRPC session"), e.getMessage());
        assertTrue(e.getMessage().contains("POST /build"), e.getMessage());
    }
}
