package io.github.pgimage.core.buildkit.grpc;

import io.github.pgimage.core.buildkit.BuildRequest;
import io.github.pgimage.core.buildkit.grpc.proto.SolveRequest;
import io.github.pgimage.core.image.ImageReference;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code Control/Solve} request a build sends: exporter, frontend options and cache, as BuildKit reads them. */
class SolveRequestTest {
    private static final BuildRequest REQUEST = BuildRequest.builder(() -> new ByteArrayInputStream(new byte[0]))
            .tag("acme/pg:16").buildArgs(Map.of("PG_MAJOR", "16")).build();

    @Test
    void theEnginesContainerdStoreKeepsTheImageUnderItsManifestDigest() {
        SolveRequest solve = GrpcImageBuilder.solveRequest(REQUEST, "ref-1", "session-1", false,
                GrpcImageBuilder.Export.engine(true));

        assertEquals("moby", solve.getExporter());
        assertEquals(Map.of("prefer-image-digest", "true"), solve.getExporterAttrsMap());
        assertEquals("session-1", solve.getSession());
        assertEquals("dockerfile.v0", solve.getFrontend());
        assertEquals("16", solve.getFrontendAttrsMap().get("build-arg:PG_MAJOR"));
        assertEquals("default", solve.getFrontendAttrsMap().get("image-resolve-mode"));
    }

    @Test
    void pushingNamesEveryReferenceAndAsksTheExporterToPush() {
        GrpcImageBuilder.Export export = GrpcImageBuilder.Export.engine(true).pushedTo(List.of(
                ImageReference.parse("localhost:5000/acme/pg:16"), ImageReference.parse("localhost:5000/acme/pg:latest")));

        SolveRequest solve = GrpcImageBuilder.solveRequest(REQUEST, "ref-1", "session-1", false, export);

        assertTrue(export.pushes());
        assertEquals(Map.of("prefer-image-digest", "true", "push", "true",
                "name", "localhost:5000/acme/pg:16,localhost:5000/acme/pg:latest"), solve.getExporterAttrsMap());
    }

    @Test
    void withoutPushTheExporterOnlyStores() {
        assertFalse(GrpcImageBuilder.Export.engine(false).pushes());
        assertEquals(Map.of(), GrpcImageBuilder.solveRequest(REQUEST, "r", "s", false, GrpcImageBuilder.Export.engine(false))
                .getExporterAttrsMap());
    }

    @Test
    void inlineCacheAndCacheFromGoToTheCacheOptionsAndTheFrontend() {
        BuildRequest request = BuildRequest.builder(() -> new ByteArrayInputStream(new byte[0]))
                .cacheFrom(List.of("reg/app:cache")).build();

        SolveRequest solve = GrpcImageBuilder.solveRequest(request, "r", "s", true, GrpcImageBuilder.Export.engine(false));

        assertEquals("inline", solve.getCache().getExports(0).getType());
        assertEquals("reg/app:cache", solve.getCache().getImports(0).getAttrsMap().get("ref"));
        assertEquals("[{\"Type\":\"registry\",\"Attrs\":{\"ref\":\"reg/app:cache\"}}]",
                solve.getFrontendAttrsMap().get("cache-imports"));
    }
}
