package io.github.pgimage.core.imagebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.Attestations;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.buildkit.StepName;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.TestEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.registry.BaseImageIndex;
import io.github.pgimage.core.registry.TestRegistry;
import io.github.pgimage.core.report.BuildReport;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One small project built for linux/amd64 and linux/arm64 on an engine with the containerd image store, the arm64
 * steps under QEMU ({@code .ci/provision-qemu.sh}): pushed by BuildKit as one index, stored in the engine, written
 * as an OCI archive. The base is a two-platform busybox index in a local registry. Emulated steps are slow, so this
 * is the only multi-platform build of the suite and runs on that engine only (skipped elsewhere).
 */
class MultiPlatformIT {
    private static final Path BUSYBOX = Path.of("/var/tmp/pgimage-qemu");
    private static final List<Platform> BOTH = List.of(Platform.parse("linux/amd64", Setting.PLATFORMS),
            Platform.parse("linux/arm64", Setting.PLATFORMS));

    private static EngineGateway engine;

    @TempDir
    Path work;

    @BeforeAll
    static void connect() throws EngineException {
        engine = TestEngine.shared();
    }

    @Test
    void amd64AndArm64PushedAsOneIndexStoredArchivedAndEditedOneCopyPerPlatform() throws Exception {
        assumeTrue(engine.containerdImageStore(), "an image index needs the containerd image store");
        assertTrue(Files.isRegularFile(BUSYBOX.resolve("busybox-arm64.tar")),
                "run .ci/provision-qemu.sh first: it installs QEMU and unpacks the busybox base");
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"))) {
            String base = registry.host() + "/pgimage-it/busybox:multi";
            BaseImageIndex.push(registry, "pgimage-it/busybox", "multi", Map.of(
                    "linux/amd64", BUSYBOX.resolve("busybox-amd64.tar"), "linux/arm64", BUSYBOX.resolve("busybox-arm64.tar")));
            Path project = project();
            ImageReference ref = ImageReference.parse(registry.host() + "/pgimage-it/i13-multi:1");
            List<String> lines = new ArrayList<>();

            // Cold: every setup step once per platform, pushed by BuildKit and archived in the same solve.
            ImageBuild.Outcome cold = build(project, base, ref, true, true, lines);

            assertEquals(List.of("linux/amd64", "linux/arm64"), cold.built().platforms());
            assertEquals(Set.of("linux/amd64", "linux/arm64"), platformsOf(cold.result().steps()));
            assertTrue(lines.stream().anyMatch(l -> l.contains("[linux/arm64 setup 2/3] RUN")), lines.toString());
            String digest = cold.built().pushed().digest();
            assertEquals(digest, cold.result().imageId(), "the store keeps the index under its digest");
            TestRegistry.Manifest index = registry.manifest("pgimage-it/i13-multi", "1", null, null);
            assertEquals(digest, index.digest());
            JsonNode manifests = new ObjectMapper().readTree(index.json()).get("manifests");
            Set<String> indexed = new TreeSet<>();
            manifests.forEach(m -> indexed.add(m.at("/platform/os").asText() + "/" + m.at("/platform/architecture").asText()));
            assertEquals(Set.of("linux/amd64", "linux/arm64"), indexed);
            JsonNode report = new ObjectMapper().readTree(work.resolve("out/build-report.json").toFile());
            assertEquals("[\"linux/amd64\",\"linux/arm64\"]", report.get("platforms").toString());
            assertEquals(report.get("stepsTotal").asInt() / 2, report.at("/platformSteps/linux~1arm64/stepsTotal").asInt());
            assertEquals("linux/arm64", stepNamed(report, "[linux/arm64 setup 2/3]").get("platform").asText());

            // The index by layer, as the report says it for its page: the engine's history is its own platform's
            // (amd64 here), each setup and runtime step of that platform has its layer. The busybox base has no
            // history: BuildKit adds an entry for its layer, which goes to the base image.
            BuildReport.Layers layers = cold.report().layers();
            assertEquals("linux/amd64", layers.platform());
            List<String> layered = layers.entries().stream().map(BuildReport.Layer::step).toList();
            assertEquals(report.get("stepsTotal").asInt() / 2, layered.size(), layers.toString());
            assertTrue(layered.stream().allMatch(step -> step.startsWith("[linux/amd64 ")), layered.toString());
            assertEquals(1, layers.baseLayers(), layers.toString());
            assertTrue(layers.baseBytes() > 500_000, "busybox: " + layers);
            assertTrue(layers.entries().get(0).sizeBytes() < layers.baseBytes(), "01 writes one line: " + layers);

            // The arm64 image runs under emulation; without a platform the engine runs its own.
            String arm64 = docker("run", "--rm", "--platform", "linux/arm64", ref.toString(), "cat", "/opt/arch.txt");
            assertTrue(arm64.contains("built on aarch64"), arm64);
            assertTrue(docker("run", "--rm", "--platform", "linux/arm64", ref.toString(), "uname", "-m").contains("aarch64"));
            assertTrue(docker("run", "--rm", ref.toString(), "uname", "-m").contains("x86_64"));

            // The archive: an OCI layout with both platforms; written again from the cache, byte for byte the same.
            Path archive = cold.built().archive();
            byte[] first = sha256(archive);
            Map<String, byte[]> layout = entries(archive, Set.of("oci-layout", "index.json"));
            assertTrue(layout.containsKey("oci-layout"), layout.keySet().toString());
            JsonNode archivedIndex = new ObjectMapper().readTree(layout.get("index.json"));
            String archivedDigest = archivedIndex.at("/manifests/0/digest").asText();
            assertTrue(entries(archive, Set.of()).containsKey("blobs/sha256/" + archivedDigest.substring(7)));
            ImageBuild.Outcome again = build(project, base, ref, false, true, new ArrayList<>());
            assertTrue(again.result().steps().stream().allMatch(Step::cached), again.result().steps().toString());
            assertArrayEquals(first, sha256(again.built().archive()), "the same cache gave another archive");

            // The engine loads it.
            Path copy = Files.copy(archive, work.resolve("loaded.oci.tar"));
            docker("image", "rm", ref.toString());
            String loaded = docker("load", "-i", copy.toString());
            assertTrue(loaded.contains(ref.toString()), loaded);
            assertEquals(archivedDigest, engine.imageId(ref.toString()).orElseThrow());

            // A runtime edit reruns one COPY per platform.
            Files.writeString(project.resolve("entrypoint.d/scripts/10-hello.sh"),
                    "#!/bin/sh\necho \"hello, edited " + UUID.randomUUID() + "\"\n");
            ImageBuild.Outcome edited = build(project, base, ref, true, false, new ArrayList<>());
            List<String> rerun = edited.result().steps().stream().filter(s -> !s.cached())
                    .map(s -> StepName.parse(s.name()).orElseThrow().display()).sorted().toList();
            assertEquals(2, rerun.size(), rerun.toString());
            assertTrue(rerun.get(0).startsWith("[linux/amd64 runtime ") && rerun.get(0).contains("COPY entrypoint.d/scripts/"), rerun.toString());
            assertTrue(rerun.get(1).startsWith("[linux/arm64 runtime ") && rerun.get(1).contains("COPY entrypoint.d/scripts/"), rerun.toString());
            assertEquals(edited.built().pushed().digest(), registry.manifest("pgimage-it/i13-multi", "1", null, null).digest());
        }
    }

    private ImageBuild.Outcome build(Path project, String base, ImageReference ref, boolean push, boolean archive,
                                     List<String> lines) throws Exception {
        ImagePlan plan = new ImagePlanner().plan(project, ImageSettings.builder().baseImage(base).runAsUser("root")
                .aptCache(false).healthcheck(false).build());
        long started = System.nanoTime();
        ImageBuild.Outcome outcome = ImageBuild.builder(work.resolve("out"), List.of(ref))
                .environment(Map.of())
                .builder(BuilderSetting.parse("grpc", null))
                .platforms(BOTH)
                .push(push)
                .archive(archive)
                // no provenance (a push would attach it by default): its statement records the build's times, so an
                // archive written twice would differ, and the index would hold attestation manifests besides images
                .attestations(Attestations.parse("false", null))
                .build()
                .run(plan, new LinesListener(lines));
        System.out.printf("multi-platform build (push %s, archive %s): %d ms, %d of %d steps cached%n", push, archive,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), outcome.result().stepsCached(),
                outcome.result().steps().size());
        return outcome;
    }

    private Path project() throws IOException {
        Path root = work.resolve("project");
        write(root, "setup/scripts/01-arch.sh", "#!/bin/sh\nset -e\nmkdir -p /opt\necho \"built on $(uname -m) "
                + UUID.randomUUID() + "\" > /opt/arch.txt\n");
        write(root, "setup/scripts/02-marker.sh", "#!/bin/sh\nset -e\necho \"02 on $(uname -m)\"\necho ok > /opt/02.txt\n");
        write(root, "entrypoint.sh", "#!/bin/sh\nexec \"$@\"\n");
        write(root, "entrypoint.d/scripts/10-hello.sh", "#!/bin/sh\necho hello\n");
        return root;
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        file.toFile().setExecutable(true);
    }

    private static Set<String> platformsOf(List<Step> steps) {
        Set<String> platforms = new TreeSet<>();
        steps.forEach(s -> platforms.add(s.platform()));
        return platforms;
    }

    private static JsonNode stepNamed(JsonNode report, String prefix) {
        for (JsonNode step : report.get("steps")) {
            if (step.get("name").asText().startsWith(prefix)) {
                return step;
            }
        }
        throw new AssertionError("no step " + prefix + " in " + report.get("steps"));
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return sha.digest();
    }

    /** Every entry's name; the bytes of those named in {@code read}. */
    private static Map<String, byte[]> entries(Path tar, Set<String> read) throws IOException {
        Map<String, byte[]> entries = new java.util.HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), read.contains(e.getName()) ? in.readAllBytes() : new byte[0]);
            }
        }
        return entries;
    }

    /** The docker CLI against the engine under test (DOCKER_HOST as the test runs with). */
    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
