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

    private static Platform parse(String text) {
        return Platform.parse(text, Setting.PLATFORMS);
    }
}
