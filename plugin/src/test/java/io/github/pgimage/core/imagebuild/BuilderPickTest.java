package io.github.pgimage.core.imagebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.BuildApiBuilder;
import io.github.pgimage.core.buildkit.BuildahBuilder;
import io.github.pgimage.core.buildkit.Builder;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.Feature;
import io.github.pgimage.core.buildkit.grpc.BuilderSetting;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.engine.EngineKind;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.engine.FakeEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.image.Platform;

/**
 * {@code builder=auto} takes the engine's {@code POST /build} for an ordinary build and BuildKit's gRPC API for what
 * only it does; the fake engine answers no gRPC door, so a build that needs one lands on {@code POST /build} with the
 * reason saying so (and the feature check refuses it there).
 */
class BuilderPickTest {
    private static final String WHERE = "the engine at unix:///fake/docker.sock";
    private static final List<Platform> BOTH = Platform.parseAll(List.of("linux/amd64,linux/arm64"), Setting.PLATFORMS);

    @TempDir
    Path work;

    @Test
    void anOrdinaryBuildTakesPostBuildWithoutAskingForAGrpcDoor() throws Exception {
        FakeEngine docker = new FakeEngine();

        Builder builder = pick(docker, o -> o, 12);

        assertInstanceOf(BuildApiBuilder.class, builder);
        assertTrue(builder.info().reason().startsWith("auto: an ordinary build"), builder.info().reason());
        assertTrue(docker.calls.stream().noneMatch(call -> call.startsWith("upgrade")), docker.calls.toString());
    }

    @Test
    void secretsAndRegistryCachesStayOnPostBuildWhereTheEngineServesSessions() throws Exception {
        Builder builder = pick(new FakeEngine(), o -> o.cacheImports(List.of(CacheSpec.parseImport("reg.example/pg:1")))
                .inlineCache(true), 12);

        assertInstanceOf(BuildApiBuilder.class, builder);
    }

    @Test
    void severalPlatformsAskForTheGrpcDoorAndSayWhyWhenNoneAnswers() throws Exception {
        FakeEngine docker = new FakeEngine();

        Builder builder = pick(docker, o -> o.platforms(BOTH), 12);

        assertTrue(docker.calls.contains("upgrade /grpc"), docker.calls.toString());
        assertEquals("auto: several platforms, checking the platforms against BuildKit's workers need BuildKit's gRPC"
                + " API, but no gRPC door answered (gRPC over POST /grpc: BuildKit at unix:///fake/docker.sock (POST /grpc)"
                + " did not answer ListWorkers: the fake engine opens no raw connections)",
                builder.info().reason());
    }

    @Test
    void aPushGoesThroughBuildKitOnlyWhereTheStoreCanPush() {
        FakeEngine classic = new FakeEngine();
        FakeEngine containerd = new FakeEngine();
        containerd.containerdStore = true;
        Set<Feature> buildApi = BuildApiBuilder.features(true);

        assertNull(BuilderPick.whyGrpc(Set.of(), Set.of(Feature.PUSH), buildApi, 12, classic),
                "the classic store's BuildKit cannot push as it exports either: the engine pushes after POST /build");
        assertEquals("a push by BuildKit needs BuildKit's gRPC API",
                BuilderPick.whyGrpc(Set.of(), Set.of(Feature.PUSH), buildApi, 12, containerd));
    }

    @Test
    void aLargeContextGoesWhereOnlyItsChangedFilesAreSent() {
        String why = BuilderPick.whyGrpc(Set.of(), Set.of(), BuildApiBuilder.features(true),
                BuilderPick.FILE_SYNC_FILES, new FakeEngine());

        assertTrue(why.startsWith("the context has " + BuilderPick.FILE_SYNC_FILES + " files"), why);
        assertNull(BuilderPick.whyGrpc(Set.of(), Set.of(), BuildApiBuilder.features(true),
                BuilderPick.FILE_SYNC_FILES - 1, new FakeEngine()));
    }

    @Test
    void withoutSessionsSecretsNeedTheGrpcDoor() {
        String why = BuilderPick.whyGrpc(EnumSet.of(Feature.SECRETS), Set.of(), BuildApiBuilder.features(false), 12,
                new FakeEngine(new EngineVersion("29.2.0", "1.53")));

        assertEquals("build secrets needs BuildKit's gRPC API", why);
    }

    @Test
    void buildApiForcedIsTakenWhateverTheBuildNeeds() throws Exception {
        FakeEngine docker = new FakeEngine();

        Builder builder = pick(docker, o -> o.platforms(BOTH).builder(BuilderSetting.parse("build-api", null)), 12);

        assertInstanceOf(BuildApiBuilder.class, builder);
        assertEquals("builder=build-api", builder.info().reason());
        assertTrue(docker.calls.stream().noneMatch(call -> call.startsWith("upgrade")), docker.calls.toString());
    }

    @Test
    void podmanBuildsWithBuildahAndRefusesAForcedGrpcDoor() throws Exception {
        FakeEngine podman = new FakeEngine(new EngineVersion("4.3.1", "1.41", EngineKind.PODMAN));

        assertInstanceOf(BuildahBuilder.class, pick(podman, o -> o, 12));
        EngineException e = assertThrows(EngineException.class,
                () -> pick(podman, o -> o.builder(BuilderSetting.parse("grpc", null)), 12));
        assertEquals(Optional.of(Setting.BUILDER), e.setting());
        assertTrue(e.getMessage().contains("is Podman"), e.getMessage());
    }

    private Builder pick(FakeEngine engine, UnaryOperator<BuildOptions.Builder> options, int contextFiles)
            throws EngineException {
        BuildOptions built = options.apply(ImageBuild.builder(work.resolve("out"),
                List.of(ImageReference.parse("acme/pg:16")))).build().options();
        Set<Feature> wants = EnumSet.noneOf(Feature.class);
        if (!built.platforms().isEmpty()) {
            wants.add(Feature.PLATFORM_LIST);
        }
        return BuilderPick.onEngine(built, wants, engine, contextFiles, WHERE);
    }
}
