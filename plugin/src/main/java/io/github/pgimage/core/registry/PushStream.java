package io.github.pgimage.core.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.pgimage.core.progress.ProgressListener;
import io.github.pgimage.core.buildkit.SilenceWatch;
import io.github.pgimage.core.engine.EngineGateway;
import io.github.pgimage.core.engine.EngineRequestException;
import io.github.pgimage.core.image.ImageReference;
import io.github.pgimage.core.json.JsonTree;
import io.github.pgimage.core.session.RegistryCredential;

/**
 * One {@code POST /images/{name}/push?tag=} exchange through the engine gateway, with the login in
 * {@code X-Registry-Auth}. The answer is JSON lines: progress per layer, then {@code aux} with
 * {@code {"Tag","Digest","Size"}}, or {@code {"errorDetail":…,"error":…}}. The raw endpoint is used because the
 * engine reports failures inside a 200 stream, and their text decides between retrying and giving up.
 */
final class PushStream {

    /** How one exchange ended: the pushed manifest, or the engine's error message. */
    record Outcome(PushedImage pushed, String failure) {
    }

    /** {@code TAG: digest: sha256:… size: N}, the last status of a push on Docker and Podman alike. */
    private static final java.util.regex.Pattern DIGEST_STATUS =
            java.util.regex.Pattern.compile("^\\S+: digest: (sha256:[0-9a-f]{64}) size: (\\d+)$");

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
        return push(reference, serverAddress, credential, progress, ProgressListener.SILENT);
    }

    /** @param listener told what the push waits for when the engine says nothing for 30 s */
    Outcome push(ImageReference reference, String serverAddress, RegistryCredential credential, PushProgress progress,
                 ProgressListener listener) throws IOException {
        InputStream answer;
        try {
            answer = engine.push(reference, authHeader(credential, serverAddress));
        } catch (EngineRequestException e) {
            return new Outcome(null, "the engine refused the push (HTTP " + e.status() + "): " + e.engineMessage());
        }
        String[] last = {"the engine to start uploading " + reference};
        try (InputStream body = answer;
             SilenceWatch watch = new SilenceWatch("the engine", "the push of " + reference, SilenceWatch.QUIET, () -> last[0], listener)) {
            String digest = null;
            long size = 0;
            String failure = null;
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                watch.heard();
                Map<String, Object> message = JsonTree.object(JsonTree.parse(line));
                if (message.get("status") != null) {
                    String id = message.get("id") != null ? " " + text(message.get("id")) : "";
                    last[0] = "the registry (last: " + text(message.get("status")) + id + ")";
                }
                Map<String, Object> aux = JsonTree.object(message.get("aux"));
                if (message.get("errorDetail") != null || message.get("error") != null) {
                    String detail = JsonTree.text(message.get("errorDetail"), "message");
                    failure = detail != null ? detail : text(message.get("error"));
                } else if (aux.get("Digest") != null) {
                    digest = text(aux.get("Digest"));
                    size = JsonTree.longValue(aux.get("Size"), 0);
                } else if (message.containsKey("status")) {
                    // Podman sends no aux: its digest comes only in Docker's closing status line
                    java.util.regex.Matcher summary = DIGEST_STATUS.matcher(text(message.get("status")));
                    if (summary.matches() && digest == null) {
                        digest = summary.group(1);
                        size = Long.parseLong(summary.group(2));
                    }
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
        Map<String, Object> auth = new LinkedHashMap<>();
        if (credential != null) {
            if (credential.username().isEmpty()) {
                auth.put("identitytoken", credential.secret());
            } else {
                auth.put("username", credential.username());
                auth.put("password", credential.secret());
            }
            auth.put("serveraddress", serverAddress);
        }
        return Base64.getUrlEncoder().encodeToString(JsonTree.write(auth).getBytes(StandardCharsets.UTF_8));
    }

    /** A value as the engine's text: what Jackson's {@code asText()} gave, "" for what is no scalar. */
    private static String text(Object value) {
        return Objects.requireNonNullElse(JsonTree.text(value), "");
    }
}
