package io.github.pgimage.core.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineRequestException;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.session.RegistryCredential;

/**
 * One {@code POST /images/{name}/push?tag=} exchange through the engine gateway, with the login in
 * {@code X-Registry-Auth}. The answer is JSON lines: progress per layer, then {@code aux} with
 * {@code {"Tag","Digest","Size"}}, or {@code {"errorDetail":…,"error":…}}. The raw endpoint is used because the
 * engine reports failures inside a 200 stream, and their text decides between retrying and giving up.
 */
final class PushStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one exchange ended: the pushed manifest, or the engine's error message. */
    record Outcome(PushedImage pushed, String failure) {
    }

    private final EngineGateway engine;

    PushStream(EngineGateway engine) {
        this.engine = engine;
    }

    /**
     * @param credential the login, or null to push anonymously
     * @throws IOException     when the connection to the engine breaks while the push runs
     * @throws io.github.pgimage.core.engine.EngineException when the engine cannot be reached
     */
    Outcome push(ImageReference reference, String serverAddress, RegistryCredential credential, PushProgress progress)
            throws IOException {
        InputStream answer;
        try {
            answer = engine.push(reference, authHeader(credential, serverAddress));
        } catch (EngineRequestException e) {
            return new Outcome(null, "the engine refused the push (HTTP " + e.status() + "): " + e.engineMessage());
        }
        try (InputStream body = answer) {
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
            return new Outcome(new PushedImage(reference.toString(), digest, size), null);
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
}
