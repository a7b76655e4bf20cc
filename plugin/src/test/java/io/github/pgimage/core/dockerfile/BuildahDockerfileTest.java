package io.github.pgimage.core.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.plan.BuildEngine;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

/** The Dockerfile for Podman's Buildah: the two forms it needs, and nothing else changed. */
class BuildahDockerfileTest {
    @TempDir
    Path project;

    private ImagePlan plan() throws Exception {
        return new ImagePlanner().plan(project, ImageSettings.builder().build());
    }

    private void write(String path, String text) throws Exception {
        Files.createDirectories(project.resolve(path).getParent());
        Files.writeString(project.resolve(path), text);
    }

    @Test
    void cacheMountsLoseSharingLockedAndEachSetupStepCarriesItsFilesDigest() throws Exception {
        write("setup/scripts/01-base.sh", "#!/bin/sh\necho base\n");
        write("setup/scripts/02-more.sh", "#!/bin/sh\necho more\n");
        ImagePlan plan = plan();

        String buildKit = new DockerfileGenerator().generate(plan);
        String buildah = new DockerfileGenerator().generate(plan.withBuildEngine(BuildEngine.BUILDAH));

        assertTrue(buildKit.contains("--mount=type=cache,target=/var/cache/apt,sharing=locked"), buildKit);
        assertFalse(buildKit.contains("PGIMAGE_INPUTS_"), buildKit);
        assertFalse(buildah.contains("sharing=locked"), buildah);
        assertTrue(buildah.contains("--mount=type=cache,target=/var/cache/apt \\"), buildah);
        assertTrue(buildah.matches("(?s).*ARG PGIMAGE_INPUTS_01_BASE=[0-9a-f]{16}\nRUN .*"), buildah);
        assertTrue(buildah.matches("(?s).*ARG PGIMAGE_INPUTS_02_MORE=[0-9a-f]{16}\nRUN .*"), buildah);
        // without the digest lines and the sharing option, the same Dockerfile
        assertEquals(buildKit.replace(",sharing=locked", ""),
                buildah.replaceAll("ARG PGIMAGE_INPUTS_[A-Z0-9_]+=[0-9a-f]{16}\n", ""));
    }

    @Test
    void anEditOfTheScriptOrOfSetupLibChangesItsDigest() throws Exception {
        write("setup/scripts/01-base.sh", "#!/bin/sh\necho base\n");
        String before = digestLine();

        write("setup/scripts/01-base.sh", "#!/bin/sh\necho edited\n");
        String edited = digestLine();
        assertNotEquals(before, edited);

        write("setup/lib/helpers.sh", "say() { echo \"$@\"; }\n");
        assertNotEquals(edited, digestLine());
        assertEquals(digestLine(), digestLine(), "the same files give the same digest");
    }

    private String digestLine() throws Exception {
        String dockerfile = new DockerfileGenerator().generate(plan().withBuildEngine(BuildEngine.BUILDAH));
        return dockerfile.lines().filter(line -> line.startsWith("ARG PGIMAGE_INPUTS_01_BASE=")).findFirst().orElseThrow();
    }
}
