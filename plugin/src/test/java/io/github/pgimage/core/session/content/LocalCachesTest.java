package io.github.pgimage.core.session.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.buildkit.LinesListener;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.json.JsonTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the client side of a local cache does around the solve, as buildx does it: the folders are checked before
 * the build, an import carries the digest its {@code index.json} names, and after an export the index names the
 * manifest BuildKit reported.
 */
class LocalCachesTest {
    private static final String MANIFEST = "{\"schemaVersion\":2,\"layers\":[]}";

    @TempDir
    Path work;

    @Test
    void anImportCarriesTheDigestOfTheManifestTheIndexTagsLatest() throws Exception {
        Path cache = cacheFolder("latest");

        try (LocalCaches local = LocalCaches.prepare(List.of(CacheSpec.parseImport("type=local,src=" + cache)), List.of(),
                new LinesListener(new ArrayList<>()))) {
            assertEquals(List.of(new CacheSpec("local", Map.of("src", cache.toString(), "digest", digest(MANIFEST)))),
                    local.imports());
            assertTrue(local.service().isPresent());
        }
    }

    @Test
    void aFolderBuildxWroteIsImportedByItsLatestTag() throws Exception {
        Path cache = work.resolve("buildx-cache");
        Files.createDirectories(cache.resolve("blobs/sha256"));
        Files.writeString(cache.resolve("blobs/sha256/" + digest(MANIFEST).substring(7)), MANIFEST);
        Files.writeString(cache.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        // index.json as docker buildx build --cache-to type=local,dest=… (0.29) writes it
        Files.writeString(cache.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest(MANIFEST)
                + "\",\"size\":" + MANIFEST.length() + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");
        Files.createDirectories(cache.resolve("ingest")); // buildx leaves its ingest folder

        try (LocalCaches local = LocalCaches.prepare(List.of(CacheSpec.parseImport("type=local,src=" + cache)), List.of(),
                new LinesListener(new ArrayList<>()))) {
            assertEquals(digest(MANIFEST), local.imports().get(0).attrs().get("digest"));
        }
    }

    @Test
    void aFolderWithoutACacheYetIsLeftOutWithAWarning() {
        List<String> lines = new ArrayList<>();
        Path none = work.resolve("first-run");

        try (LocalCaches local = LocalCaches.prepare(List.of(CacheSpec.parseImport("type=local,src=" + none)), List.of(),
                new LinesListener(lines))) {
            assertEquals(List.of(), local.imports());
            assertEquals(Optional.empty(), local.service());
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("No local cache in " + none)), lines.toString());
    }

    @Test
    void aFolderThatIsNotACacheIsRefusedNamingTheCacheFromValue() throws Exception {
        Path other = work.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "not a cache");
        String spec = "type=local,src=" + other;

        LocalCacheException e = assertThrows(LocalCacheException.class, () -> LocalCaches.prepare(
                List.of(CacheSpec.parseImport(spec)), List.of(), new LinesListener(new ArrayList<>())));

        assertEquals(Optional.of(Setting.CACHE_FROM), e.setting());
        assertEquals(Optional.of(spec), e.value());
        assertTrue(e.getMessage().contains(other + " has no index.json"), e.getMessage());
    }

    @Test
    void anIndexWithoutTheTagOrAManifestMissingFromTheBlobsIsRefused() throws Exception {
        Path cache = cacheFolder("v1");
        LocalCacheException untagged = assertThrows(LocalCacheException.class, () -> LocalCaches.prepare(
                List.of(CacheSpec.parseImport("type=local,src=" + cache)), List.of(), new LinesListener(new ArrayList<>())));
        assertTrue(untagged.getMessage().contains("names no cache manifest tagged 'latest'"), untagged.getMessage());

        Files.delete(cache.resolve("blobs/sha256/" + digest(MANIFEST).substring(7)));
        LocalCacheException incomplete = assertThrows(LocalCacheException.class, () -> LocalCaches.prepare(
                List.of(CacheSpec.parseImport("type=local,src=" + cache + ",tag=v1")), List.of(),
                new LinesListener(new ArrayList<>())));
        assertTrue(incomplete.getMessage().contains("is missing from " + cache + "/blobs"), incomplete.getMessage());
    }

    @Test
    void anExportFolderThatCannotBeMadeIsRefusedNamingTheCacheToValue() throws Exception {
        Files.writeString(work.resolve("a-file"), "x");
        String spec = "type=local,dest=" + work.resolve("a-file/cache");

        LocalCacheException e = assertThrows(LocalCacheException.class, () -> LocalCaches.prepare(List.of(),
                List.of(CacheSpec.parseExport(spec)), new LinesListener(new ArrayList<>())));

        assertEquals(Optional.of(Setting.CACHE_TO), e.setting());
        assertTrue(e.getMessage().contains("Cannot write the cache into " + work.resolve("a-file/cache")), e.getMessage());
    }

    @Test
    void afterAnExportTheIndexNamesTheReportedManifestAndKeepsOtherTags() throws Exception {
        Path cache = cacheFolder("v1");
        String manifest = "{\"schemaVersion\":2,\"layers\":[{\"digest\":\"sha256:" + "a".repeat(64) + "\"}]}";
        Files.writeString(cache.resolve("blobs/sha256/" + digest(manifest).substring(7)), manifest);
        String descriptor = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + digest(manifest) + "\",\"size\":" + manifest.length() + "}";

        try (LocalCaches local = LocalCaches.prepare(List.of(), List.of(CacheSpec.parseExport("type=local,dest=" + cache
                + ",mode=max")), new LinesListener(new ArrayList<>()))) {
            local.recordExport(Map.of("cache.manifest", descriptor, "containerimage.digest", "sha256:" + "b".repeat(64)));
            assertEquals("type=local,dest=" + cache + ",mode=max,digest=" + digest(manifest),
                    local.reported(local.exports().get(0)));
        }

        JsonNode index = new ObjectMapper().readTree(cache.resolve("index.json").toFile());
        assertEquals(2, index.path("manifests").size(), index.toString());
        assertEquals(digest(MANIFEST), JsonTree.text(new OciLayout(cache).manifest("v1").orElseThrow(), "digest"));
        assertEquals(digest(manifest), JsonTree.text(new OciLayout(cache).manifest("latest").orElseThrow(), "digest"));
    }

    @Test
    void anExportBuildKitDidNotReportLeavesTheIndexAsItWas() throws Exception {
        Path cache = cacheFolder("latest");
        String before = Files.readString(cache.resolve("index.json"));

        try (LocalCaches local = LocalCaches.prepare(List.of(), List.of(CacheSpec.parseExport("type=local,dest=" + cache)),
                new LinesListener(new ArrayList<>()))) {
            EngineException e = assertThrows(EngineException.class, () -> local.recordExport(Map.of()));
            assertTrue(e.getMessage().contains("without reporting the cache manifest"), e.getMessage());
            String unwritten = "{\"digest\":\"sha256:" + "c".repeat(64) + "\",\"size\":3}";
            assertThrows(EngineException.class, () -> local.recordExport(Map.of("cache.manifest", unwritten)));
        }
        assertEquals(before, Files.readString(cache.resolve("index.json")));
    }

    @Test
    void oneBuildExportsToOneLocalFolder() {
        LocalCacheException e = assertThrows(LocalCacheException.class, () -> LocalCaches.prepare(List.of(), List.of(
                CacheSpec.parseExport("type=local,dest=" + work.resolve("a")),
                CacheSpec.parseExport("type=local,dest=" + work.resolve("b"))), new LinesListener(new ArrayList<>())));
        assertTrue(e.getMessage().contains("Only one type=local cache export per build"), e.getMessage());
    }

    /** A cache folder as an export leaves it: one manifest blob, named by {@code tag} in index.json. */
    private Path cacheFolder(String tag) throws Exception {
        Path cache = work.resolve("cache");
        Files.createDirectories(cache.resolve("blobs/sha256"));
        Files.writeString(cache.resolve("blobs/sha256/" + digest(MANIFEST).substring(7)), MANIFEST);
        new OciLayout(cache).putManifest(JsonTree.object(JsonTree.parse("{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest(MANIFEST) + "\",\"size\":"
                + MANIFEST.length() + "}")), tag);
        return cache;
    }

    private static String digest(String text) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
