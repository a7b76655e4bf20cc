package io.github.pgimage.core.session.content;

import io.github.pgimage.core.Setting;
import io.github.pgimage.core.buildkit.CacheSpec;
import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.engine.EngineException;
import io.github.pgimage.core.json.JsonTree;
import io.grpc.BindableService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local caches of one build ({@code type=local,dest=…} exports, {@code type=local,src=…} imports), done the way
 * buildx does them: BuildKit reads and writes the folders through a content store the client serves over the
 * session ({@link ContentStoreService}, one store per folder, by the id {@code local:} + the folder), the client
 * finds the cache manifest to import in the folder's {@code index.json} and passes its digest, and after an export
 * the client names the manifest BuildKit reports ({@code cache.manifest}) in {@code index.json}.
 *
 * <pre>{@code
 * try (LocalCaches local = LocalCaches.prepare(cacheFrom, cacheTo, listener)) {  // checks the folders first
 *     // session serving local.service(); solve with local.imports() and local.exports()
 *     local.recordExport(solved.exporterResponse());                             // index.json names the new cache
 * }
 * }</pre>
 */
public final class LocalCaches implements AutoCloseable {
    /** The exporter response key BuildKit reports the written cache manifest's descriptor under. */
    public static final String CACHE_MANIFEST = "cache.manifest";
    private static final String STORE_PREFIX = "local:";
    private static final String DEFAULT_TAG = "latest";

    private final List<CacheSpec> imports;
    private final List<CacheSpec> exports;
    private final Map<String, LayoutContentStore> stores;
    private final CacheSpec localExport;
    private String exportedDigest;

    private LocalCaches(List<CacheSpec> imports, List<CacheSpec> exports, Map<String, LayoutContentStore> stores,
                        CacheSpec localExport) {
        this.imports = List.copyOf(imports);
        this.exports = List.copyOf(exports);
        this.stores = stores;
        this.localExport = localExport;
    }

    /**
     * Checks every local folder before anything is built and makes the specs BuildKit gets: folders made absolute
     * (BuildKit knows them only as store ids), each import with the digest of the cache manifest its
     * {@code index.json} names ({@code tag=}, {@code latest} by default). An import folder that does not exist yet,
     * or is empty, is left out with a warning (a first CI run has no cache yet), as buildx does.
     *
     * @throws LocalCacheException a folder is not a cache layout, lacks the manifest it names, or cannot be written
     */
    public static LocalCaches prepare(List<CacheSpec> cacheFrom, List<CacheSpec> cacheTo, ProgressListener listener) {
        Map<String, LayoutContentStore> stores = new LinkedHashMap<>();
        List<CacheSpec> imports = new ArrayList<>();
        for (CacheSpec spec : cacheFrom) {
            if (!spec.type().equals(CacheSpec.LOCAL)) {
                imports.add(spec);
                continue;
            }
            Optional<CacheSpec> ready = importable(spec, listener);
            ready.ifPresent(imports::add);
            ready.ifPresent(s -> stores.putIfAbsent(STORE_PREFIX + s.attrs().get("src"),
                    new LayoutContentStore(new OciLayout(Path.of(s.attrs().get("src"))))));
        }
        List<CacheSpec> exports = new ArrayList<>();
        CacheSpec localExport = null;
        for (CacheSpec spec : cacheTo) {
            if (!spec.type().equals(CacheSpec.LOCAL)) {
                exports.add(spec);
                continue;
            }
            if (localExport != null) {
                // BuildKit answers with one cache manifest for all exports: the second folder's index could not be told
                throw new LocalCacheException(Setting.CACHE_TO, spec.toString(), "Only one type=local cache export per"
                        + " build: BuildKit reports one cache manifest, so a second folder's index.json could not name"
                        + " its own. Keep one of " + localExport + " and " + spec + ".", null);
            }
            localExport = writable(spec);
            exports.add(localExport);
            String dest = localExport.attrs().get("dest");
            stores.put(STORE_PREFIX + dest, new LayoutContentStore(new OciLayout(Path.of(dest))));
        }
        return new LocalCaches(imports, exports, stores, localExport);
    }

    /** Whether any local cache is imported or exported: the session must then serve the folders. */
    public boolean any() {
        return !stores.isEmpty();
    }

    /** The content service to add to the session, serving every folder; empty when there is no local cache. */
    public Optional<BindableService> service() {
        return any() ? Optional.of(new ContentStoreService(stores)) : Optional.empty();
    }

    /** The cache imports for BuildKit: the local ones with absolute folders and digests, the others as given. */
    public List<CacheSpec> imports() {
        return imports;
    }

    /** The cache exports for BuildKit: the local one with an absolute folder, the others as given. */
    public List<CacheSpec> exports() {
        return exports;
    }

    /**
     * After a solve: {@code index.json} of the export folder names the cache manifest BuildKit wrote there, under
     * the export's tag ({@code latest} by default). Nothing to do without a local export.
     *
     * @throws EngineException BuildKit reported no cache manifest, or one it did not write into the folder
     */
    public void recordExport(Map<String, String> exporterResponse) throws EngineException {
        if (localExport == null) {
            return;
        }
        String dest = localExport.attrs().get("dest");
        String json = exporterResponse.get(CACHE_MANIFEST);
        if (json == null || json.isBlank()) {
            throw new EngineException("BuildKit finished the build without reporting the cache manifest it exported to "
                    + dest + " (it answered " + exporterResponse.keySet() + "); the folder's index.json was left as"
                    + " it was.", Setting.CACHE_TO, localExport.toString(), null);
        }
        try {
            Map<String, Object> descriptor = JsonTree.object(JsonTree.parse(json));
            String digest = Objects.requireNonNullElse(JsonTree.text(descriptor, "digest"), "");
            OciLayout layout = new OciLayout(Path.of(dest));
            if (!OciLayout.isDigest(digest) || !Files.isRegularFile(layout.blob(digest))) {
                throw new EngineException("BuildKit reported the cache manifest " + json + ", which it did not write to "
                        + dest + "; the folder's index.json was left as it was.", Setting.CACHE_TO,
                        localExport.toString(), null);
            }
            layout.putManifest(descriptor, localExport.attrs().getOrDefault("tag", DEFAULT_TAG));
            exportedDigest = digest;
        } catch (IOException e) {
            throw new EngineException("Cannot name the exported cache manifest in " + dest + "/index.json: "
                    + e.getMessage(), Setting.CACHE_TO, localExport.toString(), e);
        }
    }

    /** The local export as the report lists it (with the manifest written), or the given spec for any other. */
    public String reported(CacheSpec export) {
        if (export == localExport && exportedDigest != null) {
            return export + ",digest=" + exportedDigest;
        }
        return export.toString();
    }

    /** Removes what unfinished writes left in the folders (an export that failed or was cancelled). */
    @Override
    public void close() {
        stores.values().forEach(LayoutContentStore::close);
    }

    private static Optional<CacheSpec> importable(CacheSpec spec, ProgressListener listener) {
        Path folder = Path.of(spec.attrs().get("src")).toAbsolutePath().normalize();
        if (!Files.exists(folder) || isEmptyDirectory(folder)) {
            listener.warn("No local cache in " + folder + " yet (" + spec + "); building without it");
            return Optional.empty();
        }
        String problem = "Not a BuildKit cache folder: ";
        if (!Files.isDirectory(folder)) {
            throw invalidImport(spec, problem + folder + " is a file. Name the folder a cache export wrote"
                    + " (cacheTo type=local,dest=… or docker buildx --cache-to type=local,dest=…).", null);
        }
        OciLayout layout = new OciLayout(folder);
        if (!Files.isRegularFile(layout.indexFile())) {
            throw invalidImport(spec, problem + folder + " has no index.json (an OCI image layout). Name the folder a"
                    + " cache export wrote (cacheTo type=local,dest=… or docker buildx --cache-to type=local,dest=…),"
                    + " or empty it to start a new cache.", null);
        }
        Map<String, String> attrs = new LinkedHashMap<>(spec.attrs());
        attrs.put("src", folder.toString());
        String digest = attrs.get("digest");
        if (digest == null) {
            String tag = attrs.getOrDefault("tag", DEFAULT_TAG);
            try {
                digest = layout.manifest(tag).map(d -> Objects.requireNonNullElse(JsonTree.text(d, "digest"), "")).orElse(null);
            } catch (IOException e) {
                throw invalidImport(spec, problem + e.getMessage() + ". Empty the folder to start a new cache.", e);
            }
            if (digest == null) {
                throw invalidImport(spec, layout.indexFile() + " names no cache manifest tagged '" + tag + "'. Import"
                        + " the tag an export wrote (tag=…), or empty the folder to start a new cache.", null);
            }
            attrs.put("digest", digest);
        }
        if (!OciLayout.isDigest(digest) || !Files.isRegularFile(layout.blob(digest))) {
            throw invalidImport(spec, "The cache manifest " + digest + " is missing from " + folder + "/blobs: the"
                    + " folder is incomplete. Export the cache again, or empty the folder to start a new cache.", null);
        }
        return Optional.of(new CacheSpec(CacheSpec.LOCAL, attrs));
    }

    private static CacheSpec writable(CacheSpec spec) {
        Path folder = Path.of(spec.attrs().get("dest")).toAbsolutePath().normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw invalidExport(spec, folder + " is a file, not a folder. Name a folder for the cache.", null);
        }
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".pgimage-write-check", ".tmp"));
        } catch (IOException e) {
            throw invalidExport(spec, "Cannot write the cache into " + folder + " (" + e + "). Name a folder this"
                    + " user can write, or fix its permissions.", e);
        }
        OciLayout layout = new OciLayout(folder);
        if (Files.exists(layout.indexFile())) {
            try {
                layout.manifest(DEFAULT_TAG); // its index must be readable, to be updated after the export
            } catch (IOException e) {
                throw invalidExport(spec, "The folder holds something else than a cache: " + e.getMessage()
                        + ". Name an empty folder or one a cache export wrote.", e);
            }
        }
        Map<String, String> attrs = new LinkedHashMap<>(spec.attrs());
        attrs.put("dest", folder.toString());
        return new CacheSpec(CacheSpec.LOCAL, attrs);
    }

    private static boolean isEmptyDirectory(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static LocalCacheException invalidImport(CacheSpec spec, String message, Throwable cause) {
        return new LocalCacheException(Setting.CACHE_FROM, spec.toString(), message, cause);
    }

    private static LocalCacheException invalidExport(CacheSpec spec, String message, Throwable cause) {
        return new LocalCacheException(Setting.CACHE_TO, spec.toString(), message, cause);
    }
}
