package io.github.pgimage.core.imagebuild;

import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.engine.EngineKind;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.engine.FakeEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several platforms or an archive where the engine cannot build them are refused before anything reaches the engine:
 * no build request is sent, and the error names the setting.
 */
class ImageBuildPlatformsTest {
    private static final List<Platform> BOTH = Platform.parseAll(List.of("linux/amd64,linux/arm64"), Setting.PLATFORMS);

    @TempDir
    Path work;

    @Test
    void podmanRefusesSeveralPlatformsBeforeBuilding() throws Exception {
        FakeEngine podman = new FakeEngine(new EngineVersion("4.3.1", "1.41", EngineKind.PODMAN));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> build(podman, BuilderSetting.AUTO, BOTH, false));

        assertEquals(Optional.of(Setting.PLATFORMS), e.setting());
        assertTrue(e.getMessage().contains("is Podman"), e.getMessage());
        assertTrue(podman.calls.stream().noneMatch(c -> c.startsWith("build")), podman.calls.toString());
    }

    @Test
    void podmanRefusesAnArchiveBeforeBuilding() throws Exception {
        FakeEngine podman = new FakeEngine(new EngineVersion("4.3.1", "1.41", EngineKind.PODMAN));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> build(podman, BuilderSetting.AUTO, List.of(), true));

        assertEquals(Optional.of(Setting.ARCHIVE), e.setting());
        assertTrue(podman.calls.stream().noneMatch(c -> c.startsWith("build")), podman.calls.toString());
    }

    @Test
    void theBuildEndpointRefusesSeveralPlatformsBeforeBuilding() throws Exception {
        FakeEngine docker = new FakeEngine();

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> build(docker, BuilderSetting.parse("build-api", null), BOTH, false));

        assertEquals(Optional.of(Setting.PLATFORMS), e.setting());
        assertTrue(e.getMessage().contains("POST /build, one platform at a time"), e.getMessage());
        assertTrue(docker.calls.stream().noneMatch(c -> c.startsWith("build")), docker.calls.toString());
    }

    private void build(FakeEngine engine, BuilderSetting builder, List<Platform> platforms, boolean archive)
            throws Exception {
        ImagePlan plan = new ImagePlanner().plan(project(), ImageSettings.builder().runAsUser("root").build());
        ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse("acme/pg:16")))
                .environment(Map.of())
                .locator(new EngineLocator(Map.of("DOCKER_HOST", FakeEngine.ENDPOINT.host().toString()), work))
                .connector(endpoint -> engine)
                .builder(builder)
                .platforms(platforms)
                .archive(archive)
                .build()
                .run(plan, new LinesListener(new ArrayList<>()));
    }

    private Path project() throws IOException {
        Path script = work.resolve("project/setup/scripts/01-base.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\necho base\n");
        return work.resolve("project");
    }
}
