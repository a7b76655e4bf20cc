package io.github.pgimage.core.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.plan.BuildEngine;
import io.github.pgimage.core.plan.FileMode;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

/**
 * A build for the registry only ({@code load=false}) copies the entrypoint layer's files with {@code COPY --link}: each
 * copy a layer that needs nothing of the setup layers, which then stay in the registry cache. A private file with a
 * named owner stays a plain copy (the name is resolved in the setup layers' /etc/passwd); nothing else changes.
 */
class LinkedCopiesTest {
    @TempDir
    Path project;

    @Test
    void theEntrypointLayersCopiesAreLinkedExceptThoseWithANamedOwner() throws Exception {
        write("setup/scripts/01-base.sh", "#!/bin/sh\necho base\n");
        write("config/postgresql.conf", "shared_buffers = 128MB\n");
        write("config/server.key", "key\n");
        write("config/pgpass", "*:*:*:*:x\n");
        write("entrypoint.d/scripts/10-hello.sh", "echo hello\n");
        ImagePlan plan = new ImagePlanner().plan(project, ImageSettings.builder()
                .fileModes(List.of(new FileMode("config/server.key", "0600", "999:999"),
                        new FileMode("config/pgpass", "0600", "postgres")))
                .build());

        String plain = new DockerfileGenerator().generate(plan);
        String linked = new DockerfileGenerator().generate(plan.withBuildEngine(BuildEngine.BUILDKIT_LINKED));

        assertTrue(linked.contains("\nCOPY --link config/ /opt/pgimage/config/\n"), linked);
        assertTrue(linked.contains("\nCOPY --link entrypoint.d/scripts/ /opt/pgimage/entrypoint.d/scripts/\n"), linked);
        assertTrue(linked.contains("\nCOPY --link --chown=999:999 pgimage-private/config/server.key"), linked);
        assertTrue(linked.contains("\nCOPY --chown=postgres pgimage-private/config/pgpass"), linked);
        assertEquals(plain, linked.replace("COPY --link ", "COPY "), "only the copies change");
    }

    private void write(String path, String text) throws Exception {
        Files.createDirectories(project.resolve(path).getParent());
        Files.writeString(project.resolve(path), text);
    }
}
