package io.github.pgimage.core.imagebuild;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.PgImageException;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.Attestations;
import io.github.pgimage.core.buildkit.BuildApiBuilder;
import io.github.pgimage.core.buildkit.BuildJob;
import io.github.pgimage.core.buildkit.BuildahBuilder;
import io.github.pgimage.core.buildkit.Builder;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.Built;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.Feature;
import io.github.pgimage.core.buildkit.grpc.GrpcBuilder;
import io.github.pgimage.core.engine.EngineKind;
import io.github.pgimage.core.engine.EngineVersion;
import io.github.pgimage.core.engine.FakeEngine;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.image.Platform;
import io.github.pgimage.core.session.SecretSource;
import io.github.pgimage.core.session.SecretStore;

/**
 * The one check before a build: every feature a build can need, against every builder, refused exactly where the
 * builder does not declare it, naming the setting that asked; then the platforms the workers run.
 */
class FeatureCheckTest {
    private static final Platform AMD64 = platform("linux/amd64");
    private static final Platform ARM64 = platform("linux/arm64");
    private static final String WHERE = "the engine at unix:///run/docker.sock";

    @TempDir
    Path work;

    /** Each builder as its door declares itself on the engines the plugin meets. */
    private static Map<String, Builder> builders() {
        Map<String, Builder> builders = new LinkedHashMap<>();
        builders.put("gRPC, containerd store", fake(BuilderInfo.Api.GRPC, "v0.25.1", BuilderInfo.Store.CONTAINERD,
                GrpcBuilder.features(BuilderInfo.Store.CONTAINERD, "v0.25.1")));
        builders.put("gRPC, classic store", fake(BuilderInfo.Api.GRPC, "v0.8", BuilderInfo.Store.ENGINE,
                GrpcBuilder.features(BuilderInfo.Store.ENGINE, "v0.8")));
        builders.put("gRPC, containerd store, BuildKit 0.10", fake(BuilderInfo.Api.GRPC, "v0.10.6",
                BuilderInfo.Store.CONTAINERD, GrpcBuilder.features(BuilderInfo.Store.CONTAINERD, "v0.10.6")));
        builders.put("standalone daemon", fake(BuilderInfo.Api.GRPC, "v0.16.0", BuilderInfo.Store.BUILDKIT,
                GrpcBuilder.features(BuilderInfo.Store.BUILDKIT, "v0.16.0")));
        builders.put("POST /build with /session", fake(BuilderInfo.Api.BUILD_API, "v0.8", BuilderInfo.Store.ENGINE,
                BuildApiBuilder.features(true)));
        builders.put("POST /build without /session", fake(BuilderInfo.Api.BUILD_API, "v0.25.1",
                BuilderInfo.Store.CONTAINERD, BuildApiBuilder.features(false)));
        builders.put("Podman", new BuildahBuilder(new FakeEngine(new EngineVersion("4.3.1", "1.41", EngineKind.PODMAN))));
        return builders;
    }

    /** A build that needs exactly one feature, and the setting a refusal must name. */
    private record Asked(Feature feature, Setting setting, UnaryOperator<BuildOptions.Builder> options) {
    }

    private List<Asked> asked() {
        return List.of(
                new Asked(Feature.MULTI_PLATFORM, Setting.PLATFORMS, o -> o.platforms(List.of(AMD64, ARM64))),
                new Asked(Feature.OCI_ARCHIVE, Setting.ARCHIVE, o -> o.archive(true)),
                new Asked(Feature.CACHE_IMPORT, Setting.CACHE_FROM,
                        o -> o.cacheImports(List.of(CacheSpec.parseImport("type=registry,ref=reg.example/pg:cache")))),
                new Asked(Feature.LOCAL_CACHE_IMPORT, Setting.CACHE_FROM, o -> o.cacheImports(List.of(
                        CacheSpec.parseImport("type=local,src=" + work.resolve("cache"))))),
                new Asked(Feature.REGISTRY_CACHE_EXPORT, Setting.CACHE_TO, o -> o.cacheTo(List.of(
                        CacheSpec.parseExport("type=registry,ref=reg.example/pg:cache,mode=max")))),
                new Asked(Feature.LOCAL_CACHE_EXPORT, Setting.CACHE_TO, o -> o.cacheTo(List.of(
                        CacheSpec.parseExport("type=local,dest=" + work.resolve("cache") + ",mode=max")))),
                new Asked(Feature.INLINE_CACHE, Setting.INLINE_CACHE, o -> o.inlineCache(true)),
                new Asked(Feature.ATTESTATIONS, Setting.PROVENANCE, o -> o.attestations(Attestations.parse("max", null))),
                new Asked(Feature.PUSH_WITHOUT_LOAD, Setting.LOAD, o -> o.push(true).load(false)),
                new Asked(Feature.SECRETS, Setting.BUILD_SECRETS,
                        o -> o.secrets(SecretStore.load(List.of(SecretSource.env("token", "TOKEN")), name -> "s3cr3t"))));
    }

    @Test
    void everyFeatureAgainstEveryBuilderIsRefusedExactlyWhereTheBuilderLacksItNamingTheSetting() {
        List<String> wrong = new ArrayList<>();
        for (Asked asked : asked()) {
            BuildOptions options = asked.options().apply(ImageBuild.builder(work.resolve("out"),
                    List.of(ImageReference.parse("acme/pg:16")))).build().options();
            assertEquals(Set.of(asked.feature()), options.needs(), asked.feature() + " is what the options need");
            builders().forEach((name, builder) -> {
                boolean has = builder.features().contains(asked.feature());
                try {
                    FeatureCheck.beforeBuild(options, builder, WHERE, null);
                    if (!has) {
                        wrong.add(name + " took " + asked.feature());
                    }
                } catch (PgImageException e) {
                    if (has) {
                        wrong.add(name + " refused " + asked.feature() + ": " + e.getMessage());
                    } else if (!e.setting().equals(Optional.of(asked.setting()))) {
                        wrong.add(name + " refused " + asked.feature() + " naming " + e.setting());
                    }
                }
            });
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void whatOnlyTheContainerdStoreOrADaemonDoesIsWhatTheClassicStoreLacks() {
        Set<Feature> classic = GrpcBuilder.features(BuilderInfo.Store.ENGINE, "v0.25.1");
        Set<Feature> containerd = GrpcBuilder.features(BuilderInfo.Store.CONTAINERD, "v0.25.1");

        Set<Feature> onlyContainerd = EnumSet.copyOf(containerd);
        onlyContainerd.removeAll(classic);
        assertEquals(EnumSet.of(Feature.MULTI_PLATFORM, Feature.REGISTRY_CACHE_EXPORT, Feature.LOCAL_CACHE_EXPORT,
                Feature.ATTESTATIONS, Feature.OCI_ARCHIVE, Feature.PUSH, Feature.PUSH_WITHOUT_LOAD), onlyContainerd);
        assertEquals(containerd, GrpcBuilder.features(BuilderInfo.Store.BUILDKIT, "v0.25.1"));
    }

    @Test
    void theClassicStoreRefusesSeveralPlatformsNamingTheContainerdStorePushAndArchive() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> FeatureCheck.beforeBuild(
                options(o -> o.platforms(List.of(AMD64, ARM64))), builders().get("gRPC, classic store"), WHERE, null));

        assertEquals(Optional.of("linux/amd64,linux/arm64"), e.value());
        assertTrue(e.getMessage().contains("classic image store, which holds one platform per image"), e.getMessage());
        assertTrue(e.getMessage().contains("Turn on the engine's containerd image store"), e.getMessage());
        assertTrue(e.getMessage().contains("push or archive"), e.getMessage());
    }

    @Test
    void theBuildEndpointSaysItBuildsOnePlatformAtATimeAndWhatWouldWork() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> FeatureCheck.beforeBuild(
                options(o -> o.platforms(List.of(AMD64, ARM64))), builders().get("POST /build with /session"), WHERE,
                null));

        assertTrue(e.getMessage().contains("POST /build, one platform at a time"), e.getMessage());
        assertTrue(e.getMessage().contains("builder=auto or grpc"), e.getMessage());
    }

    @Test
    void loadFalseWithoutPushWouldLeaveTheImageNowhere() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> FeatureCheck.beforeBuild(
                options(o -> o.load(false)), builders().get("gRPC, containerd store"), WHERE, null));

        assertEquals(Optional.of(Setting.LOAD), e.setting());
        assertTrue(e.getMessage().contains("without push it would go nowhere"), e.getMessage());
    }

    @Test
    void podmanSaysItBuildsWithBuildah() {
        PgImageException e = assertThrows(PgImageException.class, () -> FeatureCheck.beforeBuild(
                options(o -> o.inlineCache(true)), builders().get("Podman"), WHERE, null));

        assertTrue(e.getMessage().startsWith("The engine at unix:///run/docker.sock is Podman, which builds with"
                + " Buildah"), e.getMessage());
    }

    @Test
    void aPlatformNoWorkerRunsIsNamedWithHowToInstallTheEmulator() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> FeatureCheck.runnable(
                List.of(AMD64, ARM64, platform("linux/s390x")), List.of(AMD64, platform("linux/386")), WHERE));

        assertEquals(Optional.of(Setting.PLATFORMS), e.setting());
        assertTrue(e.getMessage().startsWith("BuildKit of " + WHERE + " cannot run steps for linux/arm64, linux/s390x:"
                + " its workers run linux/amd64, linux/386."), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install qemu-user-static binfmt-support"), e.getMessage());
    }

    @Test
    void aPlatformWithoutVariantMatchesAWorkersVariant() {
        List<Platform> withQemu = List.of(AMD64, platform("linux/amd64/v2"), ARM64, platform("linux/arm/v7"));

        assertDoesNotThrow(() -> FeatureCheck.runnable(List.of(platform("linux/arm")), withQemu, WHERE));
        assertThrows(InvalidSettingException.class,
                () -> FeatureCheck.runnable(List.of(platform("linux/arm/v6")), withQemu, WHERE));
        assertDoesNotThrow(() -> FeatureCheck.runnable(List.of(ARM64), List.of(), WHERE), "POST /build does not say");
    }

    private BuildOptions options(UnaryOperator<BuildOptions.Builder> options) {
        return options.apply(ImageBuild.builder(work.resolve("out"), List.of(ImageReference.parse("acme/pg:16"))))
                .build().options();
    }

    private static Builder fake(BuilderInfo.Api api, String buildkit, BuilderInfo.Store store, Set<Feature> features) {
        return new Builder() {
            @Override
            public BuilderInfo info() {
                return new BuilderInfo(api, buildkit, store, "a test");
            }

            @Override
            public Set<Feature> features() {
                return features;
            }

            @Override
            public List<Platform> platforms() {
                return api == BuilderInfo.Api.GRPC ? List.of(AMD64, ARM64) : List.of();
            }

            @Override
            public Built build(BuildJob job) {
                throw new AssertionError("a check never builds");
            }

            @Override
            public void close() {
            }
        };
    }

    private static Platform platform(String text) {
        return Platform.parse(text, Setting.PLATFORMS);
    }
}
