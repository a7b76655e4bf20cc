package io.github.pgimage.core.session.content;

import io.github.pgimage.core.files.AtomicFiles;
import io.github.pgimage.core.json.JsonTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A folder in the OCI image layout, as {@code docker buildx build --cache-to type=local} leaves it: {@code oci-layout},
 * {@code index.json} naming the cache manifest by tag ({@code org.opencontainers.image.ref.name}, {@code latest} by
 * default) and the blobs under {@code blobs/sha256/}. The plugin and buildx read and write the same folders.
 *
 * <pre>{@code
 * OciLayout cache = new OciLayout(Path.of("target/pg-cache"));
 * cache.manifest("latest");                        // the cache manifest's descriptor, if the folder has one
 * cache.putManifest(descriptorJson, "latest");     // after an export: index.json names the new manifest
 * }</pre>
 */
public final class OciLayout {
    /** The annotation buildx's index uses for a tag. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final String IMAGE_NAME = "io.containerd.image.name";
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Path root;

    public OciLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path indexFile() {
        return root.resolve("index.json");
    }

    /** Whether {@code digest} is a sha256 digest, the only kind a layout's blobs are kept under here. */
    public static boolean isDigest(String digest) {
        return digest != null && SHA256.matcher(digest).matches();
    }

    /** Where the blob with {@code digest} is, whether or not it is there. */
    public Path blob(String digest) {
        if (!isDigest(digest)) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return root.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    /**
     * The descriptor {@code index.json} names by {@code tag} (as a containerd image name or an OCI ref name, the way
     * buildx looks it up), or empty when the index names none.
     *
     * @throws IOException index.json cannot be read or is not an OCI index
     */
    public Optional<Map<String, Object>> manifest(String tag) throws IOException {
        Map<String, Object> index = readIndex();
        for (String annotation : new String[] {IMAGE_NAME, REF_NAME}) {
            for (Object descriptor : JsonTree.array(index.get("manifests"))) {
                if (tag.equals(JsonTree.text(JsonTree.object(descriptor).get("annotations"), annotation))) {
                    return Optional.of(JsonTree.object(descriptor));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Names {@code descriptor} by {@code tag} in {@code index.json}, in place of what had that tag, and writes
     * {@code oci-layout}; the index is replaced in one rename, so a reader sees the old one or the new one.
     */
    public void putManifest(Map<String, Object> descriptor, String tag) throws IOException {
        Map<String, Object> index = Files.exists(indexFile()) ? readIndex() : new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.putIfAbsent("mediaType", "application/vnd.oci.image.index.v1+json");
        List<Object> manifests = new ArrayList<>(JsonTree.array(index.get("manifests")));
        manifests.removeIf(existing -> {
            Object annotations = JsonTree.object(existing).get("annotations");
            return tag.equals(JsonTree.text(annotations, REF_NAME)) && !JsonTree.object(annotations).containsKey(IMAGE_NAME);
        });
        Map<String, Object> named = new LinkedHashMap<>(descriptor);
        Map<String, Object> annotations = new LinkedHashMap<>(JsonTree.object(descriptor.get("annotations")));
        annotations.put(REF_NAME, tag);
        named.put("annotations", annotations);
        manifests.add(named);
        index.put("manifests", manifests);
        AtomicFiles.write(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(indexFile(), JsonTree.write(index).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> readIndex() throws IOException {
        Object index;
        try {
            index = JsonTree.parse(indexFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(indexFile() + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(index instanceof Map<?, ?>) || (JsonTree.object(index).containsKey("manifests")
                && !(JsonTree.object(index).get("manifests") instanceof List<?>))) {
            throw new IOException(indexFile() + " is not an OCI image index");
        }
        return new LinkedHashMap<>(JsonTree.object(index));
    }
}
