package io.github.pgimage.core.session.filesync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class WireOrderTest {

    @Test
    void aDirectorysContentsComeRightAfterItBeforeNamesThatExtendIt() {
        List<String> paths = new ArrayList<>(List.of("a.txt", "a/x", "a", "a-b/y", "a/b/c", "ab", "Dockerfile"));

        paths.sort(WireOrder.INSTANCE);

        assertEquals(List.of("Dockerfile", "a", "a/b/c", "a/x", "a-b/y", "a.txt", "ab"), paths);
    }

    @Test
    void namesCompareAsUtf8BytesLikeGoStrings() {
        // U+FF5E is one UTF-16 unit above a surrogate pair's first unit, but its UTF-8 bytes sort below U+1F600's
        List<String> paths = new ArrayList<>(List.of("\uD83D\uDE00", "\uFF5E", "z", "é"));

        paths.sort(WireOrder.INSTANCE);

        assertEquals(List.of("z", "é", "\uFF5E", "\uD83D\uDE00"), paths);
    }
}
