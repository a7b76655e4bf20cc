package io.github.pgimage.core.imagebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.Feature;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import io.github.pgimage.core.session.RegistryCredentials;

/** What a build asks of its builder, derived from its options alone. */
class BuildOptionsTest {
    /** A machine with a login for every registry (a `docker login` to Docker Hub is the common case). */
    private static final RegistryCredentials EVERY_LOGIN = new RegistryCredentials() {
        @Override
        public java.util.Optional<io.github.pgimage.core.session.RegistryCredential> lookup(String host) {
            return java.util.Optional.empty();
        }

        @Override
        public boolean mayHave(String host) {
            return true;
        }
    };

    @TempDir
    Path work;

    @Test
    void anOrdinaryBuildNeedsNothingBeyondBuildingOneImage() throws Exception {
        BuildOptions options = ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse("acme/pg:16")))
                .build().options();

        assertEquals(Set.of(), options.needs());
        assertEquals(Set.of(), options.wants(plan()));
    }

    @Test
    void aLoginForTheBaseImagesRegistryIsAskedOnlyWhenTheBuildMayPullIt() throws Exception {
        ImagePlan plan = plan();
        BuildOptions local = ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse("acme/pg:16")))
                .logins(EVERY_LOGIN).build().options();
        BuildOptions pull = ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse("acme/pg:16")))
                .logins(EVERY_LOGIN).pull(true).build().options();
        BuildOptions cache = ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse("acme/pg:16")))
                .logins(EVERY_LOGIN).cacheImports(List.of(CacheSpec.parseImport("reg.example/pg:cache"))).build()
                .options();

        assertFalse(local.loginsAsked(plan, true), "the engine has the base image: nothing is pulled");
        assertTrue(local.loginsAsked(plan, false), "the engine lacks it: it is pulled, perhaps with the login");
        assertTrue(pull.loginsAsked(plan, true), "pull asks the registry even for a base the engine has");
        assertTrue(cache.loginsAsked(plan, true), "a registry cache is read from its registry");
        assertTrue(local.wants(plan).contains(Feature.REGISTRY_LOGINS), "the door is chosen from the settings alone");
    }

    private ImagePlan plan() throws Exception {
        Path script = work.resolve("project/setup/scripts/01-base.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\necho base\n");
        return new ImagePlanner().plan(work.resolve("project"), ImageSettings.builder().build());
    }
}
