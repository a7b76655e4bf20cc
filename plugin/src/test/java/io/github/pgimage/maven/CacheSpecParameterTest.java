package io.github.pgimage.maven;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
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

    @Test
    void aLocalCacheFolderIsInTheProjectUnlessGivenAbsolute() {
        Path project = Path.of("/work/acme-pg");

        assertEquals("type=local,dest=/work/acme-pg/target/pg-cache,mode=max", CacheSpecParameter.exports(
                List.of("type=local", "dest=target/pg-cache", "mode=max"), project).get(0).toString());
        assertEquals("type=local,src=/var/cache/pg", CacheSpecParameter.imports(
                List.of("type=local,src=/var/cache/pg"), project).get(0).toString());
        assertEquals("type=registry,ref=localhost:5000/pg:cache", CacheSpecParameter.imports(
                List.of("localhost:5000/pg:cache"), project).get(0).toString());
    }
}
