package io.github.pgimage.core.imagebuild;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.OfflineException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineLocator;
import io.github.pgimage.core.engine.FakeEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.plan.ImagePlan;
import io.github.pgimage.core.plan.ImagePlanner;
import io.github.pgimage.core.plan.ImageSettings;

/**
 * An offline build refuses what needs a registry, naming the setting that asked for it, and nothing else: a local
 * cache folder and a base image the engine has build as they do online.
 */
class OfflineCheckTest {
    private static final String BASE = "debian:bookworm-slim";

    @TempDir
    Path work;
    private final FakeEngine engine = new FakeEngine();
    private ImagePlan plan;

    @BeforeEach
    void project() throws IOException {
        Path script = work.resolve("project/setup/scripts/01-base.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\necho base\n");
        plan = new ImagePlanner().plan(work.resolve("project"), ImageSettings.builder().baseImage(BASE).build());
        engine.images.put(BASE, "sha256:base");
    }

    @Test
    void aPushIsRefusedNamingItsRegistry() {
        OfflineException e = refused(o -> o.push(true), "localhost:5000/acme/pg:16");

        assertEquals(Optional.of(Setting.PUSH), e.setting());
        assertEquals("pushing localhost:5000/acme/pg:16 needs the registry localhost:5000, and the build runs offline."
                + " Build without push (the image goes into the engine), and push when online.", e.getMessage());
    }

    @Test
    void aRegistryCacheIsRefusedEitherWay() {
        OfflineException export = refused(o -> o.cacheTo(List.of(
                CacheSpec.parseExport("type=registry,ref=reg.example/pg:cache,mode=max"))), "acme/pg:16");
        OfflineException imported = refused(o -> o.cacheImports(List.of(CacheSpec.parseImport("reg.example/pg:cache"))),
                "acme/pg:16");

        assertEquals(Optional.of(Setting.CACHE_TO), export.setting());
        assertTrue(export.getMessage().startsWith("exporting the build cache to reg.example/pg:cache needs its registry"),
                export.getMessage());
        assertEquals(Optional.of(Setting.CACHE_FROM), imported.setting());
        assertTrue(imported.getMessage().contains("the engine's own build cache still serves every step it holds"),
                imported.getMessage());
    }

    @Test
    void aPullIsRefused() {
        OfflineException e = refused(o -> o.pull(true), "acme/pg:16");

        assertEquals(Optional.of(Setting.PULL), e.setting());
        assertTrue(e.getMessage().startsWith("pulling the base image debian:bookworm-slim needs its registry"),
                e.getMessage());
    }

    @Test
    void aBaseImageTheEngineLacksIsRefused() {
        engine.images.clear();

        OfflineException e = refused(o -> o, "acme/pg:16");

        assertEquals(Optional.of(Setting.BASE_IMAGE), e.setting());
        assertEquals(Optional.of(BASE), e.value());
        assertTrue(e.getMessage().startsWith("the engine at unix:///fake/docker.sock has no image debian:bookworm-slim,"
                + " and the build runs offline, so it cannot be pulled."), e.getMessage());
    }

    @Test
    void whatNeedsNoRegistryPasses() {
        BuildOptions options = options(o -> o.offline(true).cacheImports(List.of(
                CacheSpec.parseImport("type=local,src=" + work.resolve("cache")))), "acme/pg:16");

        assertDoesNotThrow(() -> OfflineCheck.beforeBuild(options, plan, engine));
        assertEquals(List.of("imageId " + BASE), engine.calls, "the base image was looked up in the engine");
        assertDoesNotThrow(() -> OfflineCheck.beforeBuild(options, plan, null), "a daemon's store: it finds out itself");
    }

    @Test
    void onlineNothingIsChecked() {
        engine.images.clear();
        BuildOptions options = options(o -> o.push(true).pull(true), "acme/pg:16");

        assertDoesNotThrow(() -> OfflineCheck.beforeBuild(options, plan, engine));
        assertEquals(List.of(), engine.calls);
    }

    /** The whole build, above a fake engine: the refusal comes before any build request. */
    @Test
    void theBuildIsRefusedBeforeAnythingIsBuilt() {
        OfflineException e = assertThrows(OfflineException.class, () -> ImageBuild.builder(work.resolve("out"),
                        List.of(ImageReference.parse("localhost:5000/acme/pg:16")))
                .environment(Map.of())
                .locator(new EngineLocator(Map.of("DOCKER_HOST", FakeEngine.ENDPOINT.host().toString()), work))
                .connector(endpoint -> engine)
                .builder(BuilderSetting.parse("build-api", null))
                .offline(true)
                .push(true)
                .build()
                .run(plan, new LinesListener(new ArrayList<>())));

        assertEquals(Optional.of(Setting.PUSH), e.setting());
        assertTrue(engine.calls.stream().noneMatch(c -> c.startsWith("build") || c.startsWith("push")),
                engine.calls.toString());
    }

    private OfflineException refused(UnaryOperator<BuildOptions.Builder> setting, String image) {
        BuildOptions options = options(o -> setting.apply(o.offline(true)), image);
        return assertThrows(OfflineException.class, () -> OfflineCheck.beforeBuild(options, plan, engine));
    }

    private BuildOptions options(UnaryOperator<BuildOptions.Builder> setting, String image) {
        return setting.apply(ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse(image)))
                .environment(Map.of())).options();
    }
}
