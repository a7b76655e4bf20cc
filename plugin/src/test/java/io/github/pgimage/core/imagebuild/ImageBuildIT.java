package io.github.pgimage.core.imagebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.github.pgimage.maven.ProgressText;
import io.github.pgimage.core.progress.ProgressEvent;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.registry.RegistryLogins;
import io.github.pgimage.core.registry.SettingsServers;
import io.github.pgimage.core.session.RegistryCredential;
import io.github.pgimage.core.session.RegistryCredentials;

/** The whole build of the {@code build} goal, from a project folder to report, on the engine this machine provides. */
class ImageBuildIT {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private ImageReference image;

    @AfterEach
    void removeTheImage() {
        if (image != null) {
            try (EngineGateway engine = EngineGateway.connect(EngineLocator.forThisProcess().locate(null))) {
                engine.removeImage(image.toString());
            }
        }
    }

    @Test
    void aCredentialStoreWhoseHelperIsMissingDoesNotFailABuildFromALocalBaseImage() throws Exception {
        Path docker = Files.createDirectories(dir.resolve("docker"));
        Files.writeString(docker.resolve("config.json"), "{\"credsStore\": \"pgimage-not-installed\"}");
        Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString(), "PATH", "/usr/bin:/bin");
        AtomicInteger lookups = new AtomicInteger();
        RegistryLogins logins = RegistryLogins.standard(new SettingsServers(), env, dir);
        RegistryCredentials counted = new RegistryCredentials() {
            @Override
            public Optional<RegistryCredential> lookup(String host) {
                lookups.incrementAndGet();
                return logins.lookup(host);
            }

            @Override
            public boolean mayHave(String host) {
                return logins.mayHave(host);
            }
        };
        image = ImageReference.parse("pgimage-it/lazy-logins:" + UUID.randomUUID().toString().substring(0, 8));

        ImageBuild.Outcome outcome = ImageBuild.builder(dir.resolve("out"), List.of(image))
                .logins(counted)
                .environment(Map.of())
                .build()
                .run(project(), listener());

        assertTrue(outcome.result().imageId().startsWith("sha256:"), outcome.result().imageId());
        assertEquals(0, lookups.get(), "debian:bookworm-slim is local: no registry, hence no login, was asked for");
        assertEquals(List.of(), warnings);
        assertTrue(Files.isRegularFile(dir.resolve("out/build-report.json")));
    }

    private ImagePlan project() throws Exception {
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("setup/scripts"));
        Files.writeString(project.resolve("setup/scripts/01-hello.sh"), "#!/bin/sh\necho lazy logins " + UUID.randomUUID() + "\n");
        return new ImagePlanner().plan(project, ImageSettings.builder().build());
    }

    private ProgressListener listener() {
        return event -> {
            if (ProgressText.level(event) == ProgressEvent.Level.WARN || ProgressText.level(event) == ProgressEvent.Level.ERROR) {
                warnings.add(ProgressText.of(event));
            }
        };
    }
}
