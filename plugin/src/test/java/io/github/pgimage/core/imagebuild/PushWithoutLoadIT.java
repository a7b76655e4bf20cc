package io.github.pgimage.core.imagebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.pgimage.core.buildkit.Attestations;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.TestEngine;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.registry.TestRegistry;
import io.github.pgimage.core.session.RegistryCredentials;

/**
 * A release pipeline on a fresh runner: runner 1 (this machine's engine, containerd image store) builds, pushes and
 * exports a {@code mode=max} registry cache; runner 2, an engine with an empty data root, builds the project with one
 * runtime script edited and pushes it with {@code load=false}. Every setup and builder step comes from the cache,
 * and no cached layer is downloaded to runner 2 (the registry serves no layer blob while it builds); runner 2's store
 * does not hold the image; the pushed image runs on runner 1.
 */
class PushWithoutLoadIT {
    private static final String USER = "release";
    private static final String PASSWORD = "push-0nly";
    /** A request line of the registry's log (logrus sorts the fields by name: method, remoteaddr, uri, ...). */
    private static final Pattern BLOB_GET = Pattern.compile("http\\.request\\.method=GET [^\n]*?"
            + "http\\.request\\.uri=\"/v2/[^\"]*/blobs/(sha256:[0-9a-f]{64})\"");

    private static EngineGateway engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws EngineException {
        engine = TestEngine.shared();
    }

    @Test
    void aFreshRunnerPushesWithoutPullingWhatTheCacheHolds() throws Exception {
        assumeTrue(engine.containerdImageStore(), "a push without load needs the containerd image store");
        Path project = TwoRunners.project(work);
        Path runner2 = Files.createTempDirectory(Path.of("/tmp"), "pgimage-runner2-");
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"), USER, PASSWORD)) {
            RegistryCredentials logins = registry.logins(USER, PASSWORD);
            String cache = registry.host() + "/pgimage-it/release:cache";
            ImageReference first = ImageReference.parse(registry.host() + "/pgimage-it/release:1");
            ImageBuild.builder(work.resolve("out1"), List.of(first))
                    .environment(Map.of())
                    .logins(logins)
                    .cacheTo(List.of(CacheSpec.parseExport("type=registry,ref=" + cache + ",mode=max")))
                    .push(true)
                    .build()
                    .run(TwoRunners.plan(project), new LinesListener());

            Files.writeString(project.resolve("entrypoint.d/scripts/10-hello.sh"), "#!/bin/sh\necho 'hello, release'\n");
            TwoRunners.script("start-runner-engine.sh", runner2.toString(), engine.endpoint().host().getPath());
            Path registryLog = work.resolve("registry/registry.log");
            long logBefore = Files.size(registryLog);
            ImageReference second = ImageReference.parse(registry.host() + "/pgimage-it/release:2");
            List<String> log2 = new ArrayList<>();
            ImageBuild.Outcome fresh = ImageBuild.builder(work.resolve("out2"), List.of(second))
                    .environment(Map.of())
                    .dockerHost("unix://" + runner2.resolve("docker.sock"))
                    .logins(logins)
                    .cacheImports(List.of(CacheSpec.parseImport("type=registry,ref=" + cache)))
                    .push(true)
                    .load(false)
                    // one manifest, no attestation index: image.id can name the image's configuration
                    .attestations(Attestations.parse("false", null))
                    .build()
                    .run(TwoRunners.plan(project), new LinesListener(log2));

            List<Step> steps = fresh.result().steps();
            assertTrue(steps.stream().filter(s -> !s.stage().equals("runtime")).allMatch(Step::cached), steps.toString());
            assertFalse(steps.stream().filter(s -> s.name().contains("COPY --link entrypoint.d/scripts/")).findFirst()
                    .orElseThrow().cached(), steps.toString());
            assertTrue(fresh.builder().reason().startsWith("auto: "), fresh.builder().reason());

            // no layer came down to runner 2: the registry served no blob but (at most) configurations
            String during = Files.readString(registryLog).substring((int) logBefore);
            JsonNode manifest = imageManifest(registry, "2");
            List<String> layers = new ArrayList<>();
            manifest.path("layers").forEach(layer -> layers.add(layer.path("digest").asText()));
            assertFalse(layers.isEmpty(), manifest.toString());
            assertTrue(during.contains("http.request.method="), "the registry logs its requests: " + during);
            List<String> layersFetched = new ArrayList<>();
            Matcher get = BLOB_GET.matcher(during);
            while (get.find()) {
                if (layers.contains(get.group(1))) {
                    layersFetched.add(get.group(1));
                }
            }
            assertEquals(List.of(), layersFetched, "cached layers pulled to runner 2");

            // the registry has it; runner 2's store does not; the report and image.id say so
            try (EngineGateway runner = EngineGateway.connect(EngineLocator.forThisProcess()
                    .locate("unix://" + runner2.resolve("docker.sock")))) {
                assertEquals(Optional.empty(), runner.imageId(second.toString()));
            }
            JsonNode report = new ObjectMapper().readTree(work.resolve("out2/build-report.json").toFile());
            assertFalse(report.at("/pushed/loaded").asBoolean(true), report.toString());
            assertEquals(registry.manifest("pgimage-it/release", "2", USER, PASSWORD).digest(),
                    report.at("/pushed/digest").asText());
            assertEquals(manifest.at("/config/digest").asText() + "\n",
                    Files.readString(work.resolve("out2/image.id")));

            // the pushed image runs on runner 1
            docker("login", "-u", USER, "--password-stdin", registry.host());
            docker("pull", second.toString());
            assertEquals("hello, release", docker("run", "--rm", "--entrypoint", "sh", second.toString(), "-c",
                    ". /opt/pgimage/entrypoint.d/scripts/10-hello.sh").strip());
        } finally {
            TwoRunners.script("stop-runner-engine.sh", runner2.toString());
            Files.deleteIfExists(runner2.resolve("dockerd.log"));
        }
    }

    /** The image's own manifest: a push attaches provenance, so the tag names an index of it and its attestation. */
    private static JsonNode imageManifest(TestRegistry registry, String tag) throws IOException {
        JsonNode tagged = new ObjectMapper().readTree(registry.manifest("pgimage-it/release", tag, USER, PASSWORD).json());
        for (JsonNode entry : tagged.path("manifests")) {
            if (!entry.path("annotations").has("vnd.docker.reference.type")) {
                return new ObjectMapper().readTree(registry.manifest("pgimage-it/release", entry.path("digest").asText(),
                        USER, PASSWORD).json());
            }
        }
        return tagged;
    }

    /** The docker CLI against runner 1, with a Docker config folder of this test's own (for the registry login). */
    private String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker", "-H", engine.endpoint().host().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DOCKER_CONFIG", work.resolve("docker-config").toString());
        Process process = builder.start();
        if (args[0].equals("login")) {
            process.getOutputStream().write(PASSWORD.getBytes());
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
