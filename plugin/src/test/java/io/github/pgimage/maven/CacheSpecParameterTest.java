package io.github.pgimage.maven;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CacheSpecParameterTest {

    @Test
    void aSpecMavenSplitOnItsCommasIsJoinedBack() {
        // -Dpostgres-image.cacheTo=type=registry,ref=localhost:5000/pg:cache,mode=max,type=inline
        List<String> split = List.of("type=registry", "ref=localhost:5000/pg:cache", "mode=max", "type=inline");

        assertEquals(List.of("type=registry,ref=localhost:5000/pg:cache,mode=max", "type=inline"),
                CacheSpecParameter.regroup(split));
        assertEquals(2, CacheSpecParameter.exports(split).size());
    }

    @Test
    void plainReferencesStayOneEachAndBlankEntriesAreDropped() {
        List<String> values = Arrays.asList("localhost:5000/pg:1", " ", null, "type=registry", "ref=localhost:5000/pg:cache",
                "localhost:5000/pg:2");

        assertEquals(List.of("localhost:5000/pg:1", "type=registry,ref=localhost:5000/pg:cache", "localhost:5000/pg:2"),
                CacheSpecParameter.regroup(values));
    }
}
