package io.github.pgimage.core.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A base image index written straight into a {@link TestRegistry} through the registry API: one image per platform,
 * each a single uncompressed layer from a root filesystem tar (what {@code .ci/provision-qemu.sh} unpacks from
 * Debian's busybox-static), joined by an OCI index, so that {@code FROM} resolves per platform.
 */
public final class BaseImageIndex {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar";

    private BaseImageIndex() {
    }

    /**
     * @param rootfsByPlatform root filesystem tar by {@code os/arch}, e.g. {@code linux/arm64}
     * @return the index's digest
     */
    public static String push(TestRegistry registry, String repository, String tag, Map<String, Path> rootfsByPlatform)
            throws IOException {
        ArrayNode manifests = JSON.createArrayNode();
        for (Map.Entry<String, Path> entry : new LinkedHashMap<>(rootfsByPlatform).entrySet()) {
            String[] platform = entry.getKey().split("/");
            byte[] layer = Files.readAllBytes(entry.getValue());
            String layerDigest = digest(layer);
            upload(registry, repository, layer, layerDigest);

            ObjectNode config = JSON.createObjectNode();
            config.put("architecture", platform[1]).put("os", platform[0]);
            config.putObject("config").putArray("Cmd").add("sh");
            ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
            rootfs.putArray("diff_ids").add(layerDigest); // uncompressed: the layer is its own diff
            byte[] configBytes = JSON.writeValueAsBytes(config);
            upload(registry, repository, configBytes, digest(configBytes));

            ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST);
            manifest.set("config", descriptor(CONFIG, configBytes));
            manifest.putArray("layers").add(descriptor(LAYER, layer));
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            String manifestDigest = digest(manifestBytes);
            put(registry, "/v2/" + repository + "/manifests/" + manifestDigest, MANIFEST, manifestBytes);
            ObjectNode inIndex = descriptor(MANIFEST, manifestBytes);
            inIndex.putObject("platform").put("architecture", platform[1]).put("os", platform[0]);
            manifests.add(inIndex);
        }
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", INDEX);
        index.set("manifests", manifests);
        byte[] indexBytes = JSON.writeValueAsBytes(index);
        put(registry, "/v2/" + repository + "/manifests/" + tag, INDEX, indexBytes);
        return digest(indexBytes);
    }

    private static ObjectNode descriptor(String mediaType, byte[] content) {
        return JSON.createObjectNode().put("mediaType", mediaType).put("digest", digest(content)).put("size", content.length);
    }

    /** A monolithic blob upload: POST for an upload URL, then PUT the bytes with their digest. */
    private static void upload(TestRegistry registry, String repository, byte[] blob, String digest) throws IOException {
        HttpURLConnection start = open(registry, "/v2/" + repository + "/blobs/uploads/", "POST");
        start.setDoOutput(true);
        start.getOutputStream().close();
        expect(start, 202);
        String location = start.getHeaderField("Location");
        start.disconnect();
        URI target = URI.create("http://127.0.0.1:" + registry.port() + "/").resolve(location);
        String url = target.toString().replaceFirst("^http://localhost:", "http://127.0.0.1:")
                + (target.getQuery() == null ? "?" : "&") + "digest=" + digest;
        HttpURLConnection put = (HttpURLConnection) URI.create(url).toURL().openConnection();
        put.setRequestMethod("PUT");
        put.setDoOutput(true);
        put.setRequestProperty("Content-Type", "application/octet-stream");
        put.setFixedLengthStreamingMode(blob.length);
        try (OutputStream out = put.getOutputStream()) {
            out.write(blob);
        }
        expect(put, 201);
        put.disconnect();
    }

    private static void put(TestRegistry registry, String path, String mediaType, byte[] body) throws IOException {
        HttpURLConnection put = open(registry, path, "PUT");
        put.setDoOutput(true);
        put.setRequestProperty("Content-Type", mediaType);
        try (OutputStream out = put.getOutputStream()) {
            out.write(body);
        }
        expect(put, 201);
        put.disconnect();
    }

    private static HttpURLConnection open(TestRegistry registry, String path, String method) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + registry.port() + path).toURL()
                .openConnection();
        http.setRequestMethod(method);
        return http;
    }

    private static void expect(HttpURLConnection http, int code) throws IOException {
        int actual = http.getResponseCode();
        if (actual != code) {
            byte[] body = http.getErrorStream() == null ? new byte[0] : http.getErrorStream().readAllBytes();
            throw new AssertionError(http.getRequestMethod() + " " + http.getURL() + " answered " + actual + ": "
                    + new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
