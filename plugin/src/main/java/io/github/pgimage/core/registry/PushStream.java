package io.github.pgimage.core.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;

import io.github.pgimage.core.engine.EngineClient;
import io.github.pgimage.core.engine.ImageName;
import io.github.pgimage.core.session.RegistryCredential;

/**
 * One {@code POST /images/{name}/push?tag=} exchange through docker-java's transport, with the login in
 * {@code X-Registry-Auth}. The answer is JSON lines: progress per layer, then {@code aux} with
 * {@code {"Tag","Digest","Size"}}, or {@code {"errorDetail":…,"error":…}}. The raw endpoint is used because the
 * engine reports failures inside a 200 stream, and their text decides between retrying and giving up.
 */
final class PushStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one exchange ended: the pushed manifest, or the engine's error message. */
    record Outcome(PushedImage pushed, String failure) {
    }

    private final EngineClient engine;

    PushStream(EngineClient engine) {
        this.engine = engine;
    }

    /**
     * @param credential the login, or null to push anonymously
     * @throws IOException when the connection to the engine breaks
     */
    Outcome push(String reference, String serverAddress, RegistryCredential credential, PushProgress progress)
            throws IOException {
        ImageName name = ImageName.parse(reference);
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                // the repository goes into the path as is: its '/' and ':' are path characters the engine expects
                .path(engine.apiPath("/images/" + name.repository() + "/push?tag="
                        + URLEncoder.encode(name.tag(), StandardCharsets.UTF_8)))
                .putHeader("X-Registry-Auth", authHeader(credential, serverAddress))
                .build();
        try (DockerHttpClient.Response response = engine.http().execute(request)) {
            InputStream body = response.getBody();
            if (response.getStatusCode() != 200) {
                return new Outcome(null, "the engine refused the push (HTTP " + response.getStatusCode() + "): "
                        + errorMessage(body));
            }
            String digest = null;
            long size = 0;
            String failure = null;
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode message = JSON.readTree(line);
                if (message.hasNonNull("errorDetail") || message.hasNonNull("error")) {
                    failure = message.path("errorDetail").path("message").asText(message.path("error").asText());
                } else if (message.path("aux").hasNonNull("Digest")) {
                    digest = message.path("aux").path("Digest").asText();
                    size = message.path("aux").path("Size").asLong();
                } else if (message.has("status")) {
                    progress.accept(message);
                }
            }
            if (failure != null) {
                return new Outcome(null, failure);
            }
            if (digest == null) {
                return new Outcome(null, "the engine ended the push without reporting the manifest digest");
            }
            return new Outcome(new PushedImage(reference, digest, size), null);
        }
    }

    /**
     * Base64url JSON, as the engine decodes it. The engine insists on the header even for anonymous pushes
     * ("missing X-Registry-Auth"), so no login is sent as {@code {}}.
     */
    static String authHeader(RegistryCredential credential, String serverAddress) {
        ObjectNode auth = JSON.createObjectNode();
        if (credential != null) {
            if (credential.username().isEmpty()) {
                auth.put("identitytoken", credential.secret());
            } else {
                auth.put("username", credential.username());
                auth.put("password", credential.secret());
            }
            auth.put("serveraddress", serverAddress);
        }
        return Base64.getUrlEncoder().encodeToString(auth.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Error answers are {@code {"message":"…"}}; anything else is shown as sent. */
    private static String errorMessage(InputStream body) throws IOException {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            JsonNode json = JSON.readTree(text);
            if (json != null && json.hasNonNull("message")) {
                return json.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: show the raw text
        }
        return text;
    }
}
