package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.BuilderInfo;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.grpc.proto.CacheOptionsEntry;
import io.github.pgimage.core.buildkit.grpc.proto.SolveRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SolveRequest the plugin sends for cache imports and exports, field by field as BuildKit reads them. */
class GrpcImageBuilderTest {

    private static BuildRequest.Builder request() {
        return BuildRequest.builder(() -> new ByteArrayInputStream(new byte[0])).tag("acme/pg:1");
    }

    @Test
    void aModeMaxRegistryExportAndAPlainReferenceImportReachBuildKitsCacheOptions() {
        BuildRequest request = request()
                .cacheFrom(List.of("localhost:5000/acme/pg:1"))
                .cacheImports(List.of(CacheSpec.parseImport("type=registry,ref=localhost:5000/acme/pg:cache")))
                .cacheExports(List.of(CacheSpec.parseExport("type=registry,ref=localhost:5000/acme/pg:cache,mode=max")))
                .build();

        SolveRequest solve = GrpcImageBuilder.solveRequest(request, "ref", "session", false,
                GrpcImageBuilder.Export.engine(true));

        assertEquals(List.of(
                        CacheOptionsEntry.newBuilder().setType("registry").putAttrs("ref", "localhost:5000/acme/pg:1").build(),
                        CacheOptionsEntry.newBuilder().setType("registry").putAttrs("ref", "localhost:5000/acme/pg:cache").build()),
                solve.getCache().getImportsList());
        assertEquals(List.of(CacheOptionsEntry.newBuilder().setType("registry")
                        .putAttrs("ref", "localhost:5000/acme/pg:cache").putAttrs("mode", "max").build()),
                solve.getCache().getExportsList());
        // the frontend finds inline metadata in the imports it is told about
        assertEquals("[{\"Type\":\"registry\",\"Attrs\":{\"ref\":\"localhost:5000/acme/pg:1\"}},"
                        + "{\"Type\":\"registry\",\"Attrs\":{\"ref\":\"localhost:5000/acme/pg:cache\"}}]",
                solve.getFrontendAttrsMap().get("cache-imports"));
    }

    @Test
    void inlineFromCacheToOrInlineCacheIsOneInlineExport() {
        BuildRequest request = request().cacheExports(List.of(CacheSpec.parseExport("type=inline"))).build();

        SolveRequest solve = GrpcImageBuilder.solveRequest(request, "ref", "session", true, GrpcImageBuilder.Export.engine(true));

        assertEquals(List.of(CacheOptionsEntry.newBuilder().setType("inline").build()), solve.getCache().getExportsList());
        assertFalse(solve.getFrontendAttrsMap().containsKey("cache-imports"));
    }

    @Test
    void noCacheOptionsMeansNoImportsAndNoExports() {
        SolveRequest solve = GrpcImageBuilder.solveRequest(request().build(), "ref", "session", false,
                GrpcImageBuilder.Export.engine(false));

        assertEquals(0, solve.getCache().getExportsCount());
        assertEquals(0, solve.getCache().getImportsCount());
    }

    @Test
    void anExportAttributeIsAddedWithoutLosingTheOthers() {
        GrpcImageBuilder.Export export = GrpcImageBuilder.Export.engine(true).with("rewrite-timestamp", "true");

        assertEquals(Map.of("prefer-image-digest", "true", "rewrite-timestamp", "true"), export.attrs());
    }

    @Test
    void buildKitVersionsCompareByMajorAndMinor() {
        assertTrue(BuilderInfo.atLeast("v0.25.1", 0, 13));
        assertTrue(BuilderInfo.atLeast("v0.13", 0, 13));
        assertFalse(BuilderInfo.atLeast("v0.8", 0, 13));
        assertFalse(BuilderInfo.atLeast("unknown", 0, 13));
        assertTrue(BuilderInfo.atLeast("1.0.0", 0, 13));
    }
}
