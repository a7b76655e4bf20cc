package io.github.pgimage.core.imagebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.BuildFailedException;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.Step;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.session.SecretSource;
import io.github.pgimage.core.session.SecretStore;

/**
 * The build on Podman (Buildah through its compatible {@code /build}); runs when the engine found is Podman
 * (test-all.sh's Podman pass points DOCKER_HOST at /run/podman/podman.sock).
 */
class PodmanBuildIT {
    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private EngineGateway engine;
    private ImageReference image;
    private Path project;

    @BeforeEach
    void onPodmanOnly() throws IOException {
        engine = EngineGateway.connect(EngineLocator.forThisProcess().locate(null));
        assumeTrue(engine.version().isPodman(), "the engine is not Podman");
        image = ImageReference.parse("pgimage-it/podman:" + UUID.randomUUID().toString().substring(0, 8));
        project = dir.resolve("project");
        Files.createDirectories(project.resolve("setup/scripts"));
        Files.createDirectories(project.resolve("entrypoint.d/scripts"));
        Files.writeString(project.resolve("setup/scripts/01-hello.sh"),
                "#!/bin/sh\nset -e\necho podman setup " + UUID.randomUUID() + "\nls /var/cache/apt >/dev/null\n");
        Files.writeString(project.resolve("setup/scripts/02-token.sh"),
                "#!/bin/sh\nset -e\ntest -s /run/secrets/tok\necho token of $(wc -c < /run/secrets/tok) bytes\n"
                        + "wc -c < /run/secrets/tok > /var/tmp/token-length\n");
        Files.writeString(project.resolve("entrypoint.d/scripts/10-hello.sh"), "#!/bin/sh\necho runtime one\n");
    }

    @AfterEach
    void removeTheImage() {
        if (engine != null) {
            if (image != null && engine.version().isPodman()) {
                engine.removeImage(image.toString());
            }
            engine.close();
        }
    }

    @Test
    void buildsWithBuildahThenReusesEverySetupStepAfterARuntimeEditAndKeepsTheTagWhenSetupFails() throws Exception {
        String secret = "s3cret-" + UUID.randomUUID();
        ImageBuild.Outcome first = build(secret);

        JsonNode report = new ObjectMapper().readTree(dir.resolve("out/build-report.json").toFile());
        assertEquals("podman", report.path("engine").path("kind").asText(), report.toString());
        assertTrue(first.result().steps().stream().anyMatch(s -> s.name().contains("02-token.sh") && !s.cached()));
        assertTrue(lines.stream().anyMatch(l -> l.contains("token of " + secret.length() + " bytes")), lines.toString());
        assertEquals(first.result().imageId(), engine.imageId(image.toString()).orElseThrow());
        String dockerfile = Files.readString(dir.resolve("out/Dockerfile"));
        assertTrue(dockerfile.contains("--mount=type=cache,target=/var/cache/apt ") && !dockerfile.contains("sharing=locked"),
                dockerfile);
        assertFalse(savedImageContains(secret), "the secret's value is in the saved image");
        assertFalse(Files.readString(dir.resolve("out/context.tar"), StandardCharsets.ISO_8859_1).contains(secret));

        Files.writeString(project.resolve("entrypoint.d/scripts/10-hello.sh"), "#!/bin/sh\necho runtime two\n");
        ImageBuild.Outcome edited = build(secret);
        List<Step> setup = edited.result().steps().stream().filter(s -> "setup".equals(s.stage())).toList();
        assertFalse(setup.isEmpty());
        assertTrue(setup.stream().allMatch(Step::cached), setup.toString());
        assertTrue(edited.result().steps().stream().anyMatch(s -> !s.cached()), "the runtime edit ran nothing");

        // Buildah keys a RUN on its text alone; the digest ARG makes an edit of the bind-mounted script count
        Files.writeString(project.resolve("setup/scripts/02-token.sh"),
                Files.readString(project.resolve("setup/scripts/02-token.sh")) + "echo edited\n");
        ImageBuild.Outcome scriptEdit = build(secret);
        assertEquals(List.of(true, false), scriptEdit.result().steps().stream()
                .filter(s -> "setup".equals(s.stage())).map(Step::cached).toList(), scriptEdit.result().steps().toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("| edited")), lines.toString());

        Files.writeString(project.resolve("setup/scripts/03-broken.sh"),
                "#!/bin/sh\necho broken setup says hello\nexit 7\n");
        BuildFailedException failure = assertThrows(BuildFailedException.class, () -> build(secret));
        assertTrue(failure.output().contains("broken setup says hello"), failure.output().toString());
        assertTrue(failure.failedStep().orElseThrow().name().contains("03-broken.sh"));
        assertEquals(scriptEdit.result().imageId(), engine.imageId(image.toString()).orElseThrow(), "the tag moved");
    }

    @Test
    void refusesWhatOnlyBuildKitDoesBeforeBuilding() throws Exception {
        EngineException refused = assertThrows(EngineException.class, () -> ImageBuild.builder(dir.resolve("out"), List.of(image))
                .inlineCache(true).environment(Map.of()).build()
                .run(new ImagePlanner().plan(project, ImageSettings.builder().secretIds(List.of("tok")).build()),
                        ProgressListener.SILENT));
        assertTrue(refused.getMessage().contains("Podman") && refused.getMessage().contains("inline cache"),
                refused.getMessage());
        assertEquals(Optional.of(Setting.INLINE_CACHE), refused.setting());
        assertTrue(engine.imageId(image.toString()).isEmpty());
    }

    private ImageBuild.Outcome build(String secret) throws Exception {
        ImagePlan plan = new ImagePlanner().plan(project, ImageSettings.builder().secretIds(List.of("tok")).build());
        SecretStore secrets = SecretStore.load(List.of(SecretSource.env("tok", "TOK")), Map.of("TOK", secret)::get);
        return ImageBuild.builder(dir.resolve("out"), List.of(image))
                .secrets(secrets)
                .environment(Map.of())
                .build()
                .run(plan, new LinesListener(lines));
    }

    /** {@code podman save} writes the image's layers uncompressed: the value would show as plain bytes. */
    private boolean savedImageContains(String value) throws Exception {
        Path archive = dir.resolve("saved.tar");
        Process save = new ProcessBuilder("podman", "save", "-o", archive.toString(), image.toString())
                .redirectErrorStream(true).start();
        String out = new String(save.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, save.waitFor(), out);
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Files.readAllBytes(archive);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
