package io.github.pgimage.core.imagebuild;

import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.image.Platform;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What is refused before a build, from the builder the build chose and the platforms its workers run. */
class PlatformCheckTest {
    private static final Platform AMD64 = platform("linux/amd64");
    private static final Platform ARM64 = platform("linux/arm64");
    private static final BuilderInfo CONTAINERD = new BuilderInfo("grpc", "v0.25.1", "containerd", "POST /grpc");
    private static final BuilderInfo CLASSIC = new BuilderInfo("grpc", "v0.25.1", "engine", "POST /grpc");
    private static final BuilderInfo BUILD_API = new BuilderInfo("build-api", "v0.8", "engine", "POST /build");
    private static final BuilderInfo DAEMON = new BuilderInfo("grpc", "v0.16.0", "buildkit", "tcp://buildkit:1234");
    private static final List<Platform> WITH_QEMU = List.of(AMD64, platform("linux/amd64/v2"), ARM64, platform("linux/arm/v7"));
    private static final String WHERE = "the engine at unix:///run/docker.sock";

    @Test
    void theContainerdStoreOrADaemonTakeSeveralPlatformsAndAnArchive() {
        assertDoesNotThrow(() -> PlatformCheck.beforeBuild(List.of(AMD64, ARM64), CONTAINERD, WITH_QEMU, true, WHERE));
        assertDoesNotThrow(() -> PlatformCheck.beforeBuild(List.of(AMD64, ARM64), DAEMON, WITH_QEMU, true, WHERE));
    }

    @Test
    void theDefaultPlatformNeedsNothing() {
        assertDoesNotThrow(() -> PlatformCheck.beforeBuild(List.of(), CLASSIC, List.of(AMD64), false, WHERE));
        assertDoesNotThrow(() -> PlatformCheck.beforeBuild(List.of(), BUILD_API, List.of(), false, WHERE));
        // one foreign platform is one image: the classic store holds it
        assertDoesNotThrow(() -> PlatformCheck.beforeBuild(List.of(ARM64), CLASSIC, WITH_QEMU, false, WHERE));
    }

    @Test
    void theClassicStoreRefusesSeveralPlatformsNamingTheContainerdStorePushAndArchive() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> PlatformCheck.beforeBuild(List.of(AMD64, ARM64), CLASSIC, WITH_QEMU, false, WHERE));

        assertEquals(Optional.of(Setting.PLATFORMS), e.setting());
        assertEquals(Optional.of("linux/amd64,linux/arm64"), e.value());
        assertTrue(e.getMessage().contains("classic image store, which holds one platform per image"), e.getMessage());
        assertTrue(e.getMessage().contains("Turn on the engine's containerd image store"), e.getMessage());
        assertTrue(e.getMessage().contains("push or archive"), e.getMessage());
    }

    @Test
    void theClassicStoreRefusesAnArchive() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> PlatformCheck.beforeBuild(List.of(), CLASSIC, List.of(AMD64), true, WHERE));

        assertEquals(Optional.of(Setting.ARCHIVE), e.setting());
        assertTrue(e.getMessage().contains("OCI exporter"), e.getMessage());
    }

    @Test
    void theBuildEndpointRefusesSeveralPlatformsAndAnArchive() {
        InvalidSettingException platforms = assertThrows(InvalidSettingException.class,
                () -> PlatformCheck.beforeBuild(List.of(AMD64, ARM64), BUILD_API, List.of(), false, WHERE));
        assertEquals(Optional.of(Setting.PLATFORMS), platforms.setting());
        assertTrue(platforms.getMessage().contains("POST /build, one platform at a time"), platforms.getMessage());
        assertTrue(platforms.getMessage().contains("builder=auto or grpc"), platforms.getMessage());

        InvalidSettingException archive = assertThrows(InvalidSettingException.class,
                () -> PlatformCheck.beforeBuild(List.of(), BUILD_API, List.of(), true, WHERE));
        assertEquals(Optional.of(Setting.ARCHIVE), archive.setting());
    }

    @Test
    void aPlatformNoWorkerRunsIsNamedWithHowToInstallTheEmulator() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> PlatformCheck.beforeBuild(
                List.of(AMD64, ARM64, platform("linux/s390x")), CONTAINERD, List.of(AMD64, platform("linux/386")),
                false, WHERE));

        assertEquals(Optional.of(Setting.PLATFORMS), e.setting());
        assertTrue(e.getMessage().startsWith("BuildKit at " + WHERE + " cannot run steps for linux/arm64, linux/s390x:"
                + " its workers run linux/amd64, linux/386."), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install qemu-user-static binfmt-support"), e.getMessage());
    }

    @Test
    void aPlatformWithoutVariantMatchesAWorkersVariant() {
        assertDoesNotThrow(() -> PlatformCheck.beforeBuild(List.of(platform("linux/arm")), CONTAINERD, WITH_QEMU,
                false, WHERE));
        assertThrows(InvalidSettingException.class, () -> PlatformCheck.beforeBuild(List.of(platform("linux/arm/v6")),
                CONTAINERD, WITH_QEMU, false, WHERE));
    }

    private static Platform platform(String text) {
        return Platform.parse(text, Setting.PLATFORMS);
    }
}
