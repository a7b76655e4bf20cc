package io.github.pgimage.core.image;

import io.github.pgimage.core.InvalidSettingException;
import io.github.pgimage.core.Setting;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformTest {

    @Test
    void platformsAreNormalizedAsBuildKitDoes() {
        assertEquals("linux/amd64", parse("linux/amd64").toString());
        assertEquals("linux/amd64", parse("Linux/x86_64").toString());
        assertEquals("linux/arm64", parse("linux/aarch64").toString());
        assertEquals("linux/arm64", parse("linux/arm64/v8").toString());
        assertEquals("linux/arm/v7", parse(" linux/arm/v7 ").toString());
        assertEquals(Platform.of("linux", "arm64", "v8"), parse("linux/arm64"));
    }

    @Test
    void aCommaListOrListEntriesGiveEachPlatformOnce() {
        List<Platform> platforms = Platform.parseAll(Arrays.asList("linux/amd64,linux/arm64", null, " ", "linux/aarch64"),
                Setting.PLATFORMS);

        assertEquals(List.of(parse("linux/amd64"), parse("linux/arm64")), platforms);
        assertEquals(List.of(), Platform.parseAll(List.of(""), Setting.PLATFORMS));
    }

    @Test
    void somethingElseIsRefusedNamingTheSetting() {
        for (String bad : List.of("amd64", "linux/", "linux/arm/v7/x", "linux amd64")) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> parse(bad));
            assertEquals(Optional.of(Setting.PLATFORMS), e.setting());
            assertTrue(e.getMessage().contains("os/architecture[/variant], e.g. linux/amd64"), e.getMessage());
        }
    }

    @Test
    void aNameNoImageIsBuiltForIsATypoNotAMissingEmulator() {
        InvalidSettingException arch = assertThrows(InvalidSettingException.class, () -> parse("linux/foo"));
        assertEquals(Optional.of(Setting.PLATFORMS), arch.setting());
        assertEquals(Optional.of("linux/foo"), arch.value());
        assertTrue(arch.getMessage().startsWith("'linux/foo' names no architecture images are built for: 'foo' is none"
                + " of amd64, arm64, arm, 386, ppc64le, s390x, riscv64,"), arch.getMessage());
        assertTrue(!arch.getMessage().contains("QEMU"), arch.getMessage());

        InvalidSettingException os = assertThrows(InvalidSettingException.class, () -> parse("lnux/amd64"));
        assertTrue(os.getMessage().startsWith("'lnux/amd64' names no operating system images are built for"),
                os.getMessage());
    }

    @Test
    void debianArchitectureNamesAreTakenAsContainerdTakesThem() {
        assertEquals("linux/386", parse("linux/i386").toString());
        assertEquals("linux/arm/v7", parse("linux/armhf").toString());
        assertEquals("linux/arm/v6", parse("linux/armel").toString());
        assertEquals("linux/riscv64", parse("linux/riscv64").toString());
    }

    private static Platform parse(String text) {
        return Platform.parse(text, Setting.PLATFORMS);
    }
}
