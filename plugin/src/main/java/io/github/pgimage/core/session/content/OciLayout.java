package io.github.pgimage.core.session.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pgimage.core.files.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
    public Optional<JsonNode> manifest(String tag) throws IOException {
        JsonNode index = readIndex();
        for (String annotation : new String[] {IMAGE_NAME, REF_NAME}) {
            for (JsonNode descriptor : index.path("manifests")) {
                if (tag.equals(descriptor.path("annotations").path(annotation).asText(null))) {
                    return Optional.of(descriptor);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Names {@code descriptor} by {@code tag} in {@code index.json}, in place of what had that tag, and writes
     * {@code oci-layout}; the index is replaced in one rename, so a reader sees the old one or the new one.
     */
    public void putManifest(JsonNode descriptor, String tag) throws IOException {
        ObjectNode index = Files.exists(indexFile()) ? (ObjectNode) readIndex() : JSON.createObjectNode();
        index.put("schemaVersion", 2);
        if (!index.has("mediaType")) {
            index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        }
        ArrayNode manifests = index.has("manifests") && index.get("manifests").isArray()
                ? (ArrayNode) index.get("manifests") : index.putArray("manifests");
        for (Iterator<JsonNode> it = manifests.elements(); it.hasNext(); ) {
            JsonNode existing = it.next();
            JsonNode annotations = existing.path("annotations");
            if (tag.equals(annotations.path(REF_NAME).asText(null)) && !annotations.has(IMAGE_NAME)) {
                it.remove();
            }
        }
        ObjectNode named = descriptor.deepCopy();
        ObjectNode annotations = named.has("annotations") ? (ObjectNode) named.get("annotations") : named.putObject("annotations");
        annotations.put(REF_NAME, tag);
        manifests.add(named);
        AtomicFiles.write(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(indexFile(), JSON.writeValueAsBytes(index));
    }

    private JsonNode readIndex() throws IOException {
        JsonNode index;
        try {
            index = JSON.readTree(indexFile().toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(indexFile() + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (index == null || !index.isObject() || (index.has("manifests") && !index.get("manifests").isArray())) {
            throw new IOException(indexFile() + " is not an OCI image index");
        }
        return index;
    }
}
